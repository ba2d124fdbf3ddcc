package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the Crayon API client, bound from {@code crayon.api.*}.
 */
@ConfigurationProperties("crayon.api")
public class CrayonApiProperties {

	/**
	 * Whether to auto-configure the Crayon API token service, its bearer filter and interceptor,
	 * crayonWebClient, crayonRestClient and the HTTP service group.
	 */
	private boolean enabled = true;

	/**
	 * Base URL of the Crayon API; only requests below it get a bearer token.
	 */
	private String baseUrl = "https://api.crayon.com";

	/**
	 * Token endpoint; defaults to the base URL followed by /api/v1/connect/token.
	 */
	private @Nullable String tokenUri;

	/**
	 * Client id of the registered API client, sent with HTTP Basic authentication.
	 */
	private @Nullable String clientId;

	/**
	 * Client secret of the registered API client, sent with HTTP Basic authentication.
	 */
	private @Nullable String clientSecret;

	/**
	 * User name of the Crayon API user, sent in the password-grant form.
	 */
	private @Nullable String username;

	/**
	 * Password of the Crayon API user, sent in the password-grant form.
	 */
	private @Nullable String password;

	/**
	 * Scope requested with each token.
	 */
	private String scope = "CustomerApi";

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
	 * Whether to give a client new credentials when the files they come from (a configtree:
	 * import, such as a mounted Kubernetes Secret) change.
	 */
	private boolean reloadOnUpdate = false;

	/**
	 * How long the credential files must stay unchanged before they are read again, so that a
	 * file replaced in several steps is read once, complete.
	 */
	private Duration reloadQuietPeriod = Duration.ofSeconds(10);

	private final Token token = new Token();

	/**
	 * Named clients, each with its own credentials; a key a client leaves unset comes from the
	 * top level (crayon.api.*).
	 */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getTokenUri() {
		return this.tokenUri;
	}

	public void setTokenUri(@Nullable String tokenUri) {
		this.tokenUri = tokenUri;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
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

	public Token getToken() {
		return this.token;
	}

	public Map<String, Client> getClients() {
		return this.clients;
	}

	/**
	 * Token lifetime, refresh and request settings.
	 */
	public static class Token {

		/**
		 * How long before its expiry a token stops being used; at most a quarter of its lifetime.
		 */
		private Duration expiryMargin = Duration.ofSeconds(30);

		/**
		 * How long before its expiry a token is refreshed in the background; never before half
		 * its lifetime, and greater than the expiry margin.
		 */
		private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

		/**
		 * Time bound of one token request attempt, from connecting to reading the whole answer.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Whether to request the first token as the application starts, so that a wrong password
		 * shows in the start-up log and in health before the first call; a failure does not stop
		 * the application.
		 */
		private boolean fetchOnStartup = false;

		/**
		 * How long the token of a client nobody asks for is kept; unset keeps each token until it
		 * stops being served. Applies to every client (they share one cache).
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Most token requests all clients together send at once; more wait for a free slot (a
		 * caller's request before a background refresh), at most as long as one request may
		 * take. Size it to what the identity server accepts from one application instance.
		 */
		private int maxConcurrentRequests = 16;

		/**
		 * Longest random delay of a token's background refresh, so that tokens issued together
		 * are not all refreshed together; at most half of the time between the refresh and the
		 * expiry margin is used, and 0 refreshes every token exactly at refresh-before-expiry.
		 * Applies to every client.
		 */
		private Duration refreshJitter = Duration.ofMinutes(2);

		/**
		 * Where tokens are shared with other instances of the application: 'local' shares
		 * nothing, 'redis' shares them through the application's Spring Data Redis connection.
		 */
		private Store store = Store.LOCAL;

		/**
		 * Key material, at least 32 bytes, mixed into the name and the encryption keys of every
		 * shared entry; unset derives them from each client's credentials alone.
		 */
		private @Nullable String storeKey;

		/**
		 * Time bound of each call to the token store; past it, the instance requests its own token.
		 */
		private Duration storeTimeout = Duration.ofMillis(300);

		/**
		 * Prefix of every key the token store writes.
		 */
		private String storeKeyPrefix = "crayon:token:";

		private final Retry retry = new Retry();

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public @Nullable String getStoreKey() {
			return this.storeKey;
		}

		public void setStoreKey(@Nullable String storeKey) {
			this.storeKey = storeKey;
		}

		public Duration getStoreTimeout() {
			return this.storeTimeout;
		}

		public void setStoreTimeout(Duration storeTimeout) {
			this.storeTimeout = storeTimeout;
		}

		public String getStoreKeyPrefix() {
			return this.storeKeyPrefix;
		}

		public void setStoreKeyPrefix(String storeKeyPrefix) {
			this.storeKeyPrefix = storeKeyPrefix;
		}

		public Duration getExpiryMargin() {
			return this.expiryMargin;
		}

		public void setExpiryMargin(Duration expiryMargin) {
			this.expiryMargin = expiryMargin;
		}

		public Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRefreshJitter() {
			return this.refreshJitter;
		}

		public void setRefreshJitter(Duration refreshJitter) {
			this.refreshJitter = refreshJitter;
		}

		public int getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public boolean isFetchOnStartup() {
			return this.fetchOnStartup;
		}

		public void setFetchOnStartup(boolean fetchOnStartup) {
			this.fetchOnStartup = fetchOnStartup;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Where tokens are shared with other instances.
	 */
	public enum Store {

		/** Each instance requests its own tokens. */
		LOCAL,

		/** Instances with the same credentials share tokens through Redis. */
		REDIS

	}

	/**
	 * Retries of failed token requests.
	 */
	public static class Retry {

		/**
		 * Attempts per token request, the first included; only transient failures are retried.
		 */
		private int maxAttempts = 3;

		/**
		 * Wait before the first retry; it doubles (with jitter) after each further failure.
		 */
		private Duration initialBackoff = Duration.ofMillis(200);

		/**
		 * Longest wait between attempts, between background refreshes, and before callers may
		 * trigger a new request while the endpoint keeps failing; also the window in which a
		 * token rejected with HTTP 401 is replaced at most once.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		/**
		 * Wait before asking again after the token endpoint rejected the credentials; it doubles
		 * after each further rejection, and callers meanwhile get the rejection at once.
		 */
		private Duration credentialBackoff = Duration.ofMinutes(1);

		/**
		 * Longest wait before asking again while the token endpoint keeps rejecting the
		 * credentials.
		 */
		private Duration maxCredentialBackoff = Duration.ofMinutes(30);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getCredentialBackoff() {
			return this.credentialBackoff;
		}

		public void setCredentialBackoff(Duration credentialBackoff) {
			this.credentialBackoff = credentialBackoff;
		}

		public Duration getMaxCredentialBackoff() {
			return this.maxCredentialBackoff;
		}

		public void setMaxCredentialBackoff(Duration maxCredentialBackoff) {
			this.maxCredentialBackoff = maxCredentialBackoff;
		}

	}

	/**
	 * A named client: every key is optional and comes from the top level when unset.
	 */
	public static class Client {

		/**
		 * Base URL of this client's Crayon API; only requests below it get its token.
		 */
		private @Nullable String baseUrl;

		/**
		 * Token endpoint of this client; defaults to its base URL followed by /api/v1/connect/token.
		 */
		private @Nullable String tokenUri;

		/**
		 * Client id of this client's registered API client.
		 */
		private @Nullable String clientId;

		/**
		 * Client secret of this client's registered API client.
		 */
		private @Nullable String clientSecret;

		/**
		 * User name of this client's Crayon API user.
		 */
		private @Nullable String username;

		/**
		 * Password of this client's Crayon API user.
		 */
		private @Nullable String password;

		/**
		 * Scope requested with this client's tokens.
		 */
		private @Nullable String scope;

		private final ClientToken token = new ClientToken();

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public @Nullable String getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(@Nullable String tokenUri) {
			this.tokenUri = tokenUri;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getScope() {
			return this.scope;
		}

		public void setScope(@Nullable String scope) {
			this.scope = scope;
		}

		public ClientToken getToken() {
			return this.token;
		}

	}

	/**
	 * Token settings of a named client; each unset one comes from crayon.api.token.*.
	 */
	public static class ClientToken {

		/**
		 * How long before its expiry a token stops being used.
		 */
		private @Nullable Duration expiryMargin;

		/**
		 * How long before its expiry a token is refreshed in the background.
		 */
		private @Nullable Duration refreshBeforeExpiry;

		/**
		 * Time bound of one token request attempt.
		 */
		private @Nullable Duration timeout;

		private final ClientRetry retry = new ClientRetry();

		public @Nullable Duration getExpiryMargin() {
			return this.expiryMargin;
		}

		public void setExpiryMargin(@Nullable Duration expiryMargin) {
			this.expiryMargin = expiryMargin;
		}

		public @Nullable Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(@Nullable Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public ClientRetry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retry settings of a named client; each unset one comes from crayon.api.token.retry.*.
	 */
	public static class ClientRetry {

		/**
		 * Attempts per token request, the first included.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Wait before the first retry.
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Longest wait between attempts, and the 401 re-authentication window.
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * Wait before asking again after the credentials were rejected.
		 */
		private @Nullable Duration credentialBackoff;

		/**
		 * Longest wait while the credentials keep being rejected.
		 */
		private @Nullable Duration maxCredentialBackoff;

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Duration getCredentialBackoff() {
			return this.credentialBackoff;
		}

		public void setCredentialBackoff(@Nullable Duration credentialBackoff) {
			this.credentialBackoff = credentialBackoff;
		}

		public @Nullable Duration getMaxCredentialBackoff() {
			return this.maxCredentialBackoff;
		}

		public void setMaxCredentialBackoff(@Nullable Duration maxCredentialBackoff) {
			this.maxCredentialBackoff = maxCredentialBackoff;
		}

	}

}
