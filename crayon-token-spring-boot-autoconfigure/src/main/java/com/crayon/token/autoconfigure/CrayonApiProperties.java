package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.crayon.token.CrayonClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the Crayon API clients, bound from {@code crayon.api.*}: the
 * top-level client's keys (inherited from {@link CrayonClientProperties}), the named clients,
 * and the keys that apply to every client.
 */
@ConfigurationProperties("crayon.api")
public class CrayonApiProperties extends CrayonClientProperties {

	/**
	 * Whether to auto-configure the Crayon API token service, its bearer filter and interceptor,
	 * crayonWebClient, crayonRestClient and the HTTP service group.
	 */
	private boolean enabled = true;

	/**
	 * Whether to allow plain http:// for a base URL or token endpoint that is not on loopback.
	 */
	private boolean allowInsecureHttp = false;

	/**
	 * Name of the HTTP service group whose clients get the bearer token, and crayon.api.base-url
	 * as base URL unless the group's own spring.http.serviceclient.*.base-url sets one.
	 */
	private String httpServiceGroup = "crayon";

	/**
	 * Whether to request each configured client's first token as the application starts, so
	 * that a wrong password shows in the start-up log and in health before the first call; a
	 * failure does not stop the application.
	 */
	private boolean fetchOnStartup = false;

	/**
	 * How long the token of a client nobody asks for is kept; unset keeps each token until it
	 * stops being served.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * Most token requests all clients together send at once; more wait for a free slot (a
	 * caller's request before a background refresh), at most as long as one request may take.
	 */
	private int maxConcurrentTokenRequests = CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS;

	private final Store store = new Store();

	/**
	 * Whether to give a client new credentials when the files they come from (a configtree:
	 * import, such as a mounted Kubernetes Secret) change.
	 */
	private boolean reloadOnUpdate = false;

	/**
	 * How long the credential files must stay unchanged before they are read again, so that a
	 * file replaced in several steps is read once, complete.
	 */
	private Duration reloadQuietPeriod = Duration.ofSeconds(10);

	/**
	 * Named clients, each with its own credentials; a key a client leaves unset comes from the
	 * top level (crayon.api.*).
	 */
	private final Map<String, CrayonClientProperties> clients = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public String getHttpServiceGroup() {
		return this.httpServiceGroup;
	}

	public void setHttpServiceGroup(String httpServiceGroup) {
		this.httpServiceGroup = httpServiceGroup;
	}

	public boolean isReloadOnUpdate() {
		return this.reloadOnUpdate;
	}

	public void setReloadOnUpdate(boolean reloadOnUpdate) {
		this.reloadOnUpdate = reloadOnUpdate;
	}

	public Duration getReloadQuietPeriod() {
		return this.reloadQuietPeriod;
	}

	public void setReloadQuietPeriod(Duration reloadQuietPeriod) {
		this.reloadQuietPeriod = reloadQuietPeriod;
	}

	public boolean isFetchOnStartup() {
		return this.fetchOnStartup;
	}

	public void setFetchOnStartup(boolean fetchOnStartup) {
		this.fetchOnStartup = fetchOnStartup;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxConcurrentTokenRequests() {
		return this.maxConcurrentTokenRequests;
	}

	public void setMaxConcurrentTokenRequests(int maxConcurrentTokenRequests) {
		this.maxConcurrentTokenRequests = maxConcurrentTokenRequests;
	}

	public Store getStore() {
		return this.store;
	}

	public Map<String, CrayonClientProperties> getClients() {
		return this.clients;
	}

	/**
	 * Where the tokens of every client are shared with other instances of the application.
	 */
	public static class Store {

		/**
		 * Kind of store: 'local' shares nothing, 'redis' shares tokens through the application's
		 * Spring Data Redis connection.
		 */
		private StoreType type = StoreType.LOCAL;

		/**
		 * Key material, at least 32 bytes, mixed into the name and the encryption keys of every
		 * shared entry; unset derives them from each client's credentials alone.
		 */
		private @Nullable String key;

		/**
		 * Prefix of every key the token store writes.
		 */
		private @Nullable String keyPrefix;

		/**
		 * Time bound of each call to the token store; past it, the instance requests its own token.
		 */
		private Duration timeout = Duration.ofMillis(300);

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Kinds of token store.
	 */
	public enum StoreType {

		/** Each instance requests its own tokens. */
		LOCAL,

		/** Instances with the same credentials share tokens through Redis. */
		REDIS

	}

}
