package com.crayon.token;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builder of a {@link CrayonClientRegistry}: its configured clients, the settings of clients
 * registered at run time, and what all of them share (the cache, the limit on token requests,
 * the {@code WebClient}, the clock, the listener and the store).
 */
public final class CrayonClientRegistryBuilder {

	final Map<String, Configured> configured = new LinkedHashMap<>();

	@Nullable CrayonClientSettings defaults;

	@Nullable String defaultClient;

	@Nullable Duration idleTimeout;

	int maxConcurrentRequests = CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS;

	@Nullable WebClient webClient;

	Clock clock = Clock.systemUTC();

	Ticker ticker = Ticker.systemTicker();

	CrayonTokenListener listener = new CrayonTokenListener() {
	};

	CrayonTokenStore store = CrayonTokenStore.local();

	CrayonClientRegistryBuilder() {
	}

	/**
	 * Configure a client.
	 * @param name the client's name
	 * @param settings its endpoint and timings; its base URL is where its token may go
	 * @param credentials its credentials
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder client(String name, CrayonClientSettings settings,
			CrayonCredentials credentials) {
		Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
		this.configured.put(name, new Configured(Objects.requireNonNull(settings, "settings"),
				Objects.requireNonNull(credentials, "credentials"), null, settings.baseUrl()));
		return this;
	}

	/**
	 * Configure a client with a token service of the application's own making.
	 * @param name the client's name
	 * @param tokens its token service
	 * @param baseUrl the Crayon API's base URL; only requests below it get its token
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder client(String name, CrayonTokenService tokens, String baseUrl) {
		Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
		this.configured.put(name, new Configured(null, null, Objects.requireNonNull(tokens, "tokens"),
				Objects.requireNonNull(baseUrl, "baseUrl")));
		return this;
	}

	/**
	 * Set the endpoint and timings of the clients registered at run time with their credentials
	 * alone ({@link CrayonClientRegistry#register(String, CrayonCredentials)}).
	 * @param defaults the settings
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder defaults(CrayonClientSettings defaults) {
		this.defaults = Objects.requireNonNull(defaults, "defaults");
		return this;
	}

	/**
	 * Set the client used for requests that name none; by default
	 * {@value CrayonClientRegistry#DEFAULT_CLIENT} if configured, else the only configured client.
	 * @param name a configured client's name
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder defaultClient(String name) {
		this.defaultClient = name;
		return this;
	}

	/**
	 * Drop the token of a client nobody has asked for in this long (it is requested again on
	 * the next call); by default a token is kept until it stops being served.
	 * @param idleTimeout the idle time
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder idleTimeout(Duration idleTimeout) {
		Assert.isTrue(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
		this.idleTimeout = idleTimeout;
		return this;
	}

	/**
	 * Set how many token requests all the clients together send at once; more wait for a free
	 * slot (a caller's request before a background refresh), at most as long as one token
	 * request may take. Size it to what the identity server accepts from one application: a
	 * login takes a few hundred milliseconds, so the default lets a deployment with thousands of
	 * tenants log them all in within a minute or two.
	 * @param maxConcurrentRequests the limit; default
	 * {@value CrayonClientRegistry#DEFAULT_MAX_CONCURRENT_REQUESTS}
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder maxConcurrentRequests(int maxConcurrentRequests) {
		Assert.isTrue(maxConcurrentRequests >= 1, "maxConcurrentRequests must be at least 1");
		this.maxConcurrentRequests = maxConcurrentRequests;
		return this;
	}

	/**
	 * Set the {@code WebClient} that sends token requests. It must not carry the bearer filter,
	 * should not follow redirects, and should not log request details (form data and headers).
	 * @param webClient the client; default {@code WebClient.create()}
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder webClient(WebClient webClient) {
		this.webClient = Objects.requireNonNull(webClient, "webClient");
		return this;
	}

	/**
	 * Set the clock that timestamps tokens ({@link CrayonAccessToken#issuedAt()} and
	 * {@link CrayonAccessToken#expiresAt()}); deadlines never read it.
	 * @param clock the clock; default the system clock in UTC
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return this;
	}

	/**
	 * Set the monotonic time source, in nanoseconds, that every deadline is read from: when a
	 * token stops being served, when it is refreshed, when a backoff ends.
	 * @param ticker the time source; default {@link Ticker#systemTicker()} ({@link System#nanoTime()})
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder ticker(Ticker ticker) {
		this.ticker = Objects.requireNonNull(ticker, "ticker");
		return this;
	}

	/**
	 * Set who hears of each token request, invalidation and client lifecycle event, for
	 * observations and metrics.
	 * @param listener the listener; use {@link CrayonTokenListener#composite} for several
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder listener(CrayonTokenListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Set where a token is looked for before one is requested, so that several instances with
	 * the same credentials share one token.
	 * @param store the store; default {@link CrayonTokenStore#local()}, which shares nothing
	 * @return this builder
	 */
	public CrayonClientRegistryBuilder store(CrayonTokenStore store) {
		this.store = Objects.requireNonNull(store, "store");
		return this;
	}

	/**
	 * Build the registry. Nothing is requested until a client's first call.
	 * @return the registry
	 * @throws IllegalStateException if there is neither a configured client nor defaults, or the
	 * default client is not configured
	 */
	public CrayonClientRegistry build() {
		Assert.state(!this.configured.isEmpty() || this.defaults != null,
				"Configure at least one client, or defaults for clients registered at run time");
		return new CrayonClientRegistry(this);
	}

	/**
	 * A configured client: settings and credentials, or a token service of the application's own.
	 */
	record Configured(@Nullable CrayonClientSettings settings, @Nullable CrayonCredentials credentials,
			@Nullable CrayonTokenService tokens, String baseUrl) {

	}

}
