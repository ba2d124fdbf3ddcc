package com.crayon.token;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The token services of several Crayon clients, by name: clients configured up front, each with
 * its own endpoint and settings, and clients registered, rotated and removed at run time with
 * their credentials alone.
 *
 * <p>Every client has its own token, token request, backoff and re-authentication window, and its
 * token only goes below its own base URL. All of them share one Caffeine cache, so memory grows
 * with the tokens actually held; with an idle timeout, the tokens of clients nobody asks for are
 * dropped.
 *
 * <pre class="code">
 * CrayonClientRegistry clients = CrayonClientRegistry.builder()
 *     .defaults(CrayonTokenService.builder().baseUrl("https://api.crayon.com"))
 *     .build();
 * clients.register("partner-42", CrayonCredentials.of(clientId, clientSecret, username, password));
 * String bearer = clients.get("partner-42").getToken().value();
 * </pre>
 */
public final class CrayonClientRegistry implements AutoCloseable {

	/** Name of the client configured with the top-level properties: {@value}. */
	public static final String DEFAULT_CLIENT = "default";

	/** Token requests all clients send at once unless another limit is set: {@value}. */
	public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

	private static final Log logger = LogFactory.getLog(CrayonClientRegistry.class);

	private final Map<String, Client> clients = new ConcurrentHashMap<>();

	private final Set<String> configured;

	private final CrayonTokenService.@Nullable Builder defaults;

	private final @Nullable TokenSettings defaultSettings;

	private final TokenCache cache;

	private final @Nullable String defaultClient;

	private CrayonClientRegistry(Builder builder) {
		this.defaults = builder.defaults;
		this.defaultSettings = (this.defaults != null) ? this.defaults.settings() : null;
		this.cache = new TokenCache(builder.ticker(), builder.idleTimeout,
				new TokenRequestLimiter(builder.maxConcurrentRequests));
		builder.configured.forEach((name, client) -> this.clients.put(name, client.build(name, this.cache)));
		this.configured = Collections.unmodifiableSet(new TreeSet<>(builder.configured.keySet()));
		this.defaultClient = (builder.defaultClient != null) ? builder.defaultClient
				: this.configured.contains(DEFAULT_CLIENT) ? DEFAULT_CLIENT
						: (this.configured.size() == 1) ? this.configured.iterator().next() : null;
		Assert.isTrue(this.defaultClient == null || this.clients.containsKey(this.defaultClient),
				() -> "The default client '" + this.defaultClient + "' is not configured");
	}

	/**
	 * Start building the token services of several clients.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the token service of a client.
	 * @param name the client's name
	 * @return its token service
	 * @throws IllegalArgumentException if no client has that name
	 */
	public CrayonTokenService get(String name) {
		Client client = this.clients.get(name);
		if (client == null) {
			throw new IllegalArgumentException("No Crayon client named '" + name + "'; the configured clients are "
					+ this.configured + " (and " + (this.clients.size() - this.configured.size())
					+ " registered at run time)");
		}
		return client.tokens();
	}

	/**
	 * Return the token service of a client, if there is one.
	 * @param name the client's name
	 * @return its token service, or {@code null}
	 */
	public @Nullable CrayonTokenService find(String name) {
		Client client = this.clients.get(name);
		return (client != null) ? client.tokens() : null;
	}

	/**
	 * Return the names of every client, configured or registered at run time.
	 * @return an unmodifiable snapshot of the names
	 */
	public Set<String> names() {
		return Set.copyOf(this.clients.keySet());
	}

	/**
	 * Return the names of the clients configured up front.
	 * @return the names, sorted
	 */
	public Set<String> configuredNames() {
		return this.configured;
	}

	/**
	 * Return the client used when a request names none: {@value #DEFAULT_CLIENT} if configured,
	 * else the only configured client.
	 * @return its name, or {@code null} if there is no such client
	 */
	public @Nullable String defaultName() {
		return this.defaultClient;
	}

	/**
	 * Register a client, or replace one with new credentials (rotation). A replaced client's token
	 * is dropped and its token request cancelled, so its old token is never handed out again and
	 * the next call uses the new credentials. The client gets the endpoint and settings of the
	 * {@linkplain Builder#defaults defaults}.
	 * @param name the client's name
	 * @param credentials its credentials
	 * @return its token service
	 * @throws IllegalStateException if no defaults were given, or the name is a configured client's
	 */
	public CrayonTokenService register(String name, CrayonCredentials credentials) {
		Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
		Objects.requireNonNull(credentials, "credentials");
		Assert.state(this.defaults != null, "Clients can be registered only with defaults (Builder#defaults)");
		Assert.state(!this.configured.contains(name), () -> "'" + name + "' is a configured client; it cannot be "
				+ "registered at run time");
		Client client = new Client(name,
				this.defaults.copy().credentials(credentials).build(name, this.cache, true, this.defaultSettings),
				Objects.requireNonNull(this.defaults.baseUrl()));
		Client replaced = this.clients.put(name, client);
		if (replaced != null) {
			retire(replaced);
			logger.debug("Replaced the credentials of Crayon client '" + name + "'");
		}
		return client.tokens();
	}

	/**
	 * Remove a client registered at run time, dropping its token.
	 * @param name the client's name
	 * @return {@code true} if there was such a client
	 * @throws IllegalStateException if the name is a configured client's
	 */
	public boolean remove(String name) {
		Assert.state(!this.configured.contains(name), () -> "'" + name + "' is a configured client; it cannot be "
				+ "removed");
		Client removed = this.clients.remove(name);
		if (removed != null) {
			retire(removed);
		}
		return removed != null;
	}

	/**
	 * Return the base URL of a client's Crayon API: its token goes only below it.
	 * @param name the client's name
	 * @return the base URL
	 * @throws IllegalArgumentException if no client has that name
	 */
	public String baseUrl(String name) {
		get(name);
		return this.clients.get(name).baseUrl();
	}

	/**
	 * Return a client: its name, its token service and the base URL its token may go below, read
	 * together so that they always belong to each other.
	 * @param name the client's name
	 * @return the client, or {@code null} if no client has that name
	 */
	public @Nullable Client client(String name) {
		return this.clients.get(name);
	}

	/**
	 * Return how long the shared cache keeps a client's slot.
	 * @param name the client's name
	 * @return the time left, or {@code null} if it holds none
	 */
	@Nullable Duration cachedSlotExpiresAfter(String name) {
		return (get(name) instanceof CachingCrayonTokenService caching) ? this.cache.expiresAfter(caching) : null;
	}

	/**
	 * Return how many token slots the shared cache holds.
	 * @return the estimated number of cached slots
	 */
	long cachedSlots() {
		return this.cache.size();
	}

	/**
	 * Close every client: cancel their token requests and drop their tokens.
	 */
	@Override
	public void close() {
		this.clients.values().forEach(CrayonClientRegistry::close);
	}

	/**
	 * Stop a client that was removed or replaced: its token request is cancelled and its token
	 * dropped, here and in a shared store.
	 */
	private static void retire(Client client) {
		if (client.tokens() instanceof CachingCrayonTokenService caching) {
			caching.retire();
		}
		else {
			close(client);
		}
	}

	private static void close(Client client) {
		if (client.tokens() instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Could not close a Crayon token service", ex);
			}
		}
	}


	@Override
	public String toString() {
		return "CrayonClientRegistry[configured=" + this.configured + ", registered="
				+ (this.clients.size() - this.configured.size()) + "]";
	}

	/**
	 * Builder of {@link CrayonClientRegistry}.
	 */
	public static final class Builder {

		private final Map<String, ClientSpec> configured = new LinkedHashMap<>();

		private CrayonTokenService.@Nullable Builder defaults;

		private @Nullable String defaultClient;

		private @Nullable Duration idleTimeout;

		private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;

		private Builder() {
		}

		/**
		 * Configure a client, with its own endpoint, credentials and settings.
		 * @param name the client's name
		 * @param client its settings; its base URL (set with
		 * {@link CrayonTokenService.Builder#baseUrl}) is where its token may go
		 * @return this builder
		 */
		public Builder client(String name, CrayonTokenService.Builder client) {
			Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
			Assert.notNull(client.baseUrl(), () -> "Client '" + name + "' needs a base URL (baseUrl(...))");
			this.configured.put(name, new ClientSpec(client.copy(), null, null));
			return this;
		}

		/**
		 * Configure a client with a token service of the application's own making.
		 * @param name the client's name
		 * @param tokens its token service
		 * @param baseUrl the Crayon API's base URL; only requests below it get its token
		 * @return this builder
		 */
		public Builder client(String name, CrayonTokenService tokens, String baseUrl) {
			Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
			this.configured.put(name, new ClientSpec(null, Objects.requireNonNull(tokens, "tokens"), baseUrl));
			return this;
		}

		/**
		 * Set the endpoint and settings of the clients registered at run time; their
		 * credentials come with {@link CrayonClientRegistry#register}.
		 * @param defaults the settings, with a base URL
		 * @return this builder
		 */
		public Builder defaults(CrayonTokenService.Builder defaults) {
			Assert.notNull(defaults.baseUrl(), "The defaults need a base URL (baseUrl(...))");
			this.defaults = defaults.copy().withSharedWebClient();
			return this;
		}

		/**
		 * Set the client used for requests that name none; by default {@value #DEFAULT_CLIENT}
		 * if configured, else the only configured client.
		 * @param name a configured client's name
		 * @return this builder
		 */
		public Builder defaultClient(String name) {
			this.defaultClient = name;
			return this;
		}

		/**
		 * Drop the token of a client nobody has asked for in this long (it is requested again on
		 * the next call); by default a token is kept until it stops being served.
		 * @param idleTimeout the idle time
		 * @return this builder
		 */
		public Builder idleTimeout(Duration idleTimeout) {
			Assert.isTrue(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Set how many token requests all the clients together send at once; more wait for a
		 * free slot (a caller's request before a background refresh), at most as long as one
		 * token request may take. Size it to what the identity server accepts from one
		 * application: a login takes a few hundred milliseconds, so the default lets a
		 * deployment with thousands of tenants log them all in within a minute or two.
		 * @param maxConcurrentRequests the limit; default {@value CrayonClientRegistry#DEFAULT_MAX_CONCURRENT_REQUESTS}
		 * @return this builder
		 */
		public Builder maxConcurrentRequests(int maxConcurrentRequests) {
			Assert.isTrue(maxConcurrentRequests >= 1, "maxConcurrentRequests must be at least 1");
			this.maxConcurrentRequests = maxConcurrentRequests;
			return this;
		}

		/**
		 * Build the token services. Nothing is requested until the first call.
		 * @return the token services
		 */
		public CrayonClientRegistry build() {
			Assert.state(!this.configured.isEmpty() || this.defaults != null,
					"Configure at least one client, or defaults for clients registered at run time");
			return new CrayonClientRegistry(this);
		}

		private Ticker ticker() {
			if (this.defaults != null) {
				return this.defaults.ticker();
			}
			return this.configured.values()
				.stream()
				.filter((spec) -> spec.builder() != null)
				.map((spec) -> spec.builder().ticker())
				.findFirst()
				.orElse(Ticker.systemTicker());
		}

	}

	/**
	 * How a configured client is made: from a builder, or a service of the application's own.
	 */
	private record ClientSpec(CrayonTokenService.@Nullable Builder builder, @Nullable CrayonTokenService tokens,
			@Nullable String baseUrl) {

		Client build(String name, TokenCache cache) {
			if (this.builder != null) {
				return new Client(name, this.builder.build(name, cache, false),
						Objects.requireNonNull(this.builder.baseUrl()));
			}
			return new Client(name, Objects.requireNonNull(this.tokens), Objects.requireNonNull(this.baseUrl));
		}

	}

	/**
	 * A client as the registry holds it.
	 * @param name the client's name
	 * @param tokens its token service
	 * @param baseUrl the base URL of its Crayon API: its token goes only below it
	 */
	public record Client(String name, CrayonTokenService tokens, String baseUrl) {

		public Client {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(tokens, "tokens");
			Objects.requireNonNull(baseUrl, "baseUrl");
		}

	}

}
