package com.crayon.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Hands out Crayon API bearer tokens: the cached token while it is valid, otherwise a fresh one
 * from the token endpoint.
 *
 * <p>Inject the auto-configured bean, or create one with {@link #builder()}.
 */
public interface CrayonTokenService {

	/**
	 * Return a valid token without blocking: the cached one, or one requested from the token
	 * endpoint and shared with every concurrent caller. The {@code Mono} is lazy: nothing
	 * happens until it is subscribed to, and each subscription looks at the cache again.
	 * @return a {@code Mono} of the token, or an error with a {@link CrayonTokenException}
	 */
	Mono<CrayonAccessToken> token();

	/**
	 * Return a valid token, blocking while one is requested; for code that does not use Reactor.
	 * @return the token
	 * @throws CrayonTokenException if no token could be obtained, including when none arrived
	 * within the longest time a token request can take
	 * @throws IllegalStateException if called on a non-blocking thread (a Netty event loop,
	 * Reactor's parallel scheduler), always, even when a token is cached: use {@link #token()}
	 * there
	 */
	CrayonAccessToken getToken();

	/**
	 * Forget the given token if it is still the cached one, for example after the Crayon API
	 * rejected it with HTTP 401; a newer token already cached is kept. A token is dropped this
	 * way at most once per {@code max-backoff} window, so an API that rejects every token costs
	 * one token request per window, not one per call: within the window the token is kept, and
	 * the next {@link #token()} returns the same one, which tells the caller not to retry.
	 * @param token the token to forget
	 */
	void invalidate(CrayonAccessToken token);

	/**
	 * Return what the service knows of its token and its last token request, without requesting
	 * anything; for health checks and metrics.
	 * @return the status; {@link CrayonTokenStatus#NOT_REQUESTED} unless the implementation
	 * keeps track
	 */
	default CrayonTokenStatus status() {
		return CrayonTokenStatus.NOT_REQUESTED;
	}

	/**
	 * Start building a token service.
	 * @return a new builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for the caching {@link CrayonTokenService}; every setting but the credentials and
	 * the endpoint has a default.
	 */
	final class Builder {

		/** Path of the token endpoint below the API's base URL. */
		public static final String TOKEN_PATH = "/api/v1/connect/token";

		private @Nullable WebClient webClient;

		private @Nullable String baseUrl;

		private @Nullable URI tokenUri;

		private @Nullable String clientId;

		private @Nullable String clientSecret;

		private @Nullable String username;

		private @Nullable String password;

		private String scope = CrayonCredentials.DEFAULT_SCOPE;

		private Duration expiryMargin = Duration.ofSeconds(30);

		private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

		private Duration refreshJitter = Duration.ofMinutes(2);

		private Duration timeout = Duration.ofSeconds(10);

		private int maxAttempts = 3;

		private Duration initialBackoff = Duration.ofMillis(200);

		private Duration maxBackoff = Duration.ofSeconds(5);

		private Duration credentialBackoff = Duration.ofMinutes(1);

		private Duration maxCredentialBackoff = Duration.ofMinutes(30);

		private Clock clock = Clock.systemUTC();

		private Ticker ticker = Ticker.systemTicker();

		private CrayonTokenListener listener = new CrayonTokenListener() {
		};

		private CrayonTokenStore store = CrayonTokenStore.local();

		Builder() {
		}

		/**
		 * Set the {@code WebClient} that makes token requests. It must not carry the bearer
		 * filter, should not follow redirects, and should not log request details (form data
		 * and headers).
		 * @param webClient the client; default {@code WebClient.create()}
		 * @return this builder
		 */
		public Builder webClient(WebClient webClient) {
			this.webClient = Objects.requireNonNull(webClient, "webClient");
			return this;
		}

		/**
		 * Set the token endpoint from the API's base URL, appending {@value #TOKEN_PATH}.
		 * @param baseUrl the API's base URL, such as {@code https://api.crayon.com}
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			tokenUri(defaultTokenUri(baseUrl));
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Set the token endpoint's full URI.
		 * @param tokenUri the token endpoint, an absolute {@code http} or {@code https} URL
		 * @return this builder
		 */
		public Builder tokenUri(String tokenUri) {
			this.tokenUri = URI.create(tokenUri);
			return this;
		}

		/**
		 * Set the client credentials sent with HTTP Basic authentication.
		 * @param clientId the client id
		 * @param clientSecret the client secret
		 * @return this builder
		 */
		public Builder client(String clientId, String clientSecret) {
			this.clientId = clientId;
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * Set the API user sent in the password-grant form.
		 * @param username the API user's name
		 * @param password the API user's password
		 * @return this builder
		 */
		public Builder user(String username, String password) {
			this.username = username;
			this.password = password;
			return this;
		}

		/**
		 * Set the requested scope.
		 * @param scope the scope; default {@code CustomerApi}
		 * @return this builder
		 */
		public Builder scope(String scope) {
			this.scope = scope;
			return this;
		}

		/**
		 * Set the client, the user and the scope at once.
		 * @param credentials the credentials
		 * @return this builder
		 */
		public Builder credentials(CrayonCredentials credentials) {
			return client(credentials.clientId(), credentials.clientSecret())
				.user(credentials.username(), credentials.password())
				.scope(credentials.scope());
		}

		/**
		 * Set how long before its expiry a token stops being handed out; at most a quarter of
		 * the token's lifetime is used.
		 * @param expiryMargin the margin; default 30 seconds
		 * @return this builder
		 */
		public Builder expiryMargin(Duration expiryMargin) {
			this.expiryMargin = expiryMargin;
			return this;
		}

		/**
		 * Set how long before its expiry a token is refreshed in the background; never before
		 * half the token's lifetime, and it must be greater than the expiry margin.
		 * @param refreshBeforeExpiry the lead time; default 5 minutes
		 * @return this builder
		 */
		public Builder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
			return this;
		}

		/**
		 * Set the longest random delay of a token's background refresh, so that tokens issued
		 * together (many clients starting at once) are not all refreshed together; at most half
		 * of the time between {@code refreshBeforeExpiry} and the margin is used.
		 * {@link Duration#ZERO} refreshes every token exactly {@code refreshBeforeExpiry} before
		 * its expiry.
		 * @param refreshJitter the longest delay; default 2 minutes
		 * @return this builder
		 */
		public Builder refreshJitter(Duration refreshJitter) {
			Assert.isTrue(!refreshJitter.isNegative(), "refreshJitter must not be negative");
			this.refreshJitter = refreshJitter;
			return this;
		}

		/**
		 * Set the time bound of one token request attempt, from connecting to reading the
		 * whole answer.
		 * @param timeout the bound; default 10 seconds
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Set how transient failures are retried: within one token request, and between
		 * requests while the endpoint keeps failing. {@code maxBackoff} is also the window in
		 * which a token rejected with HTTP 401 is replaced at most once.
		 * @param maxAttempts attempts per token request, including the first; default 3
		 * @param initialBackoff the first wait; default 200 milliseconds
		 * @param maxBackoff the longest wait; default 5 seconds
		 * @return this builder
		 */
		public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
			this.maxAttempts = maxAttempts;
			this.initialBackoff = initialBackoff;
			this.maxBackoff = maxBackoff;
			return this;
		}

		/**
		 * Set how long to wait before asking again after the token endpoint rejected the
		 * credentials; the wait doubles after each further rejection. Callers meanwhile get the
		 * rejection at once, so a wrong password never costs more than a few logins an hour.
		 * @param credentialBackoff the first wait; default 1 minute
		 * @param maxCredentialBackoff the longest wait; default 30 minutes
		 * @return this builder
		 */
		public Builder credentialBackoff(Duration credentialBackoff, Duration maxCredentialBackoff) {
			this.credentialBackoff = credentialBackoff;
			this.maxCredentialBackoff = maxCredentialBackoff;
			return this;
		}

		/**
		 * Set the clock that timestamps tokens ({@link CrayonAccessToken#issuedAt()} and
		 * {@link CrayonAccessToken#expiresAt()}); deadlines never read it.
		 * @param clock the clock; default the system clock in UTC
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Set the monotonic time source, in nanoseconds, that every deadline is read from: when a
		 * token stops being served, when it is refreshed, when a backoff ends.
		 * @param ticker the time source; default {@link Ticker#systemTicker()}
		 * ({@link System#nanoTime()})
		 * @return this builder
		 */
		public Builder ticker(Ticker ticker) {
			this.ticker = Objects.requireNonNull(ticker, "ticker");
			return this;
		}

		/**
		 * Set who hears of each token request and invalidation, for observations and metrics.
		 * @param listener the listener; use {@link CrayonTokenListener#composite} for several
		 * @return this builder
		 */
		public Builder listener(CrayonTokenListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			return this;
		}

		/**
		 * Set where a token is looked for before one is requested, so that several instances
		 * with the same credentials share one token.
		 * @param store the store; default {@link CrayonTokenStore#local()}, which shares nothing
		 * @return this builder
		 */
		public Builder store(CrayonTokenStore store) {
			this.store = Objects.requireNonNull(store, "store");
			return this;
		}

		/**
		 * Build the token service. Nothing is requested until the first call.
		 * @return the token service
		 * @throws IllegalArgumentException if a required setting is missing or a value is out of
		 * range
		 */
		public CrayonTokenService build() {
			return build(CrayonClientRegistry.DEFAULT_CLIENT, new TokenCache(this.ticker), false);
		}

		/**
		 * Return the base URL set with {@link #baseUrl(String)}.
		 * @return the base URL, or {@code null} if only the token URI was set
		 */
		@Nullable String baseUrl() {
			return this.baseUrl;
		}

		/**
		 * Return the ticker deadlines are read from.
		 * @return the ticker
		 */
		Ticker ticker() {
			return this.ticker;
		}

		/**
		 * Return this builder with a {@code WebClient} of its own if none was given, so that every
		 * client built from it shares one.
		 * @return this builder
		 */
		Builder withSharedWebClient() {
			if (this.webClient == null) {
				this.webClient = WebClient.create();
			}
			return this;
		}

		/**
		 * Return a builder with the same settings, for a client registered at run time.
		 * @return a copy of this builder
		 */
		Builder copy() {
			Builder copy = new Builder();
			copy.webClient = this.webClient;
			copy.baseUrl = this.baseUrl;
			copy.tokenUri = this.tokenUri;
			copy.clientId = this.clientId;
			copy.clientSecret = this.clientSecret;
			copy.username = this.username;
			copy.password = this.password;
			copy.scope = this.scope;
			copy.expiryMargin = this.expiryMargin;
			copy.refreshBeforeExpiry = this.refreshBeforeExpiry;
			copy.refreshJitter = this.refreshJitter;
			copy.timeout = this.timeout;
			copy.maxAttempts = this.maxAttempts;
			copy.initialBackoff = this.initialBackoff;
			copy.maxBackoff = this.maxBackoff;
			copy.credentialBackoff = this.credentialBackoff;
			copy.maxCredentialBackoff = this.maxCredentialBackoff;
			copy.clock = this.clock;
			copy.ticker = this.ticker;
			copy.listener = this.listener;
			copy.store = this.store;
			return copy;
		}

		/**
		 * Build the token service of a named client whose slot lives in the given cache.
		 */
		CachingCrayonTokenService build(String name, TokenCache cache, boolean registeredAtRuntime) {
			return build(name, cache, registeredAtRuntime, settings());
		}

		/**
		 * Build the token service of a named client with settings shared with other clients.
		 */
		CachingCrayonTokenService build(String name, TokenCache cache, boolean registeredAtRuntime,
				TokenSettings settings) {
			Assert.notNull(this.tokenUri, "tokenUri or baseUrl must be set");
			Assert.isTrue(isHttpUrl(this.tokenUri), () -> "tokenUri must be an absolute http or https URL, got '"
					+ this.tokenUri + "'");
			CrayonCredentials credentials = CrayonCredentials.of(requireText(this.clientId, "clientId"),
					requireText(this.clientSecret, "clientSecret"), requireText(this.username, "username"),
					requireText(this.password, "password"))
				.withScope(requireText(this.scope, "scope"));
			WebClient webClient = (this.webClient != null) ? this.webClient : WebClient.create();
			CrayonTokenStore.Binding store = this.store.bind(new CrayonTokenStore.Client(this.tokenUri, credentials,
					settings.requestBound(), settings.expiryMargin()));
			return new CachingCrayonTokenService(name,
					new CrayonTokenClient(name, registeredAtRuntime, webClient, this.tokenUri, credentials, settings,
							this.clock, cache.ticker()),
					settings, cache, this.clock, this.listener, registeredAtRuntime, store);
		}

		/**
		 * Return the settings of the services this builder builds, validated.
		 */
		TokenSettings settings() {
			requirePositive(this.timeout, "timeout");
			requirePositive(this.initialBackoff, "initialBackoff");
			requirePositive(this.maxBackoff, "maxBackoff");
			requirePositive(this.credentialBackoff, "credentialBackoff");
			requirePositive(this.maxCredentialBackoff, "maxCredentialBackoff");
			Assert.isTrue(!this.expiryMargin.isNegative(), "expiryMargin must not be negative");
			Assert.isTrue(this.refreshBeforeExpiry.compareTo(this.expiryMargin) > 0,
					() -> "refreshBeforeExpiry (" + this.refreshBeforeExpiry + ") must be greater than expiryMargin ("
							+ this.expiryMargin + "), or tokens would never be refreshed in the background");
			Assert.isTrue(this.maxAttempts >= 1, "maxAttempts must be at least 1");
			Assert.isTrue(this.initialBackoff.compareTo(this.maxBackoff) <= 0, () -> "initialBackoff ("
					+ this.initialBackoff + ") must not be greater than maxBackoff (" + this.maxBackoff + ")");
			Assert.isTrue(this.credentialBackoff.compareTo(this.maxCredentialBackoff) <= 0,
					() -> "credentialBackoff (" + this.credentialBackoff
							+ ") must not be greater than maxCredentialBackoff (" + this.maxCredentialBackoff + ")");
			return new TokenSettings(this.expiryMargin, this.refreshBeforeExpiry, this.timeout, this.maxAttempts,
					this.initialBackoff, this.maxBackoff, this.credentialBackoff, this.maxCredentialBackoff,
					this.refreshJitter);
		}

		/**
		 * Return the token endpoint below a base URL, with exactly one slash between them.
		 * @param baseUrl the API's base URL, with or without a trailing slash
		 * @return the token endpoint's URI
		 */
		public static String defaultTokenUri(String baseUrl) {
			return StringUtils.trimTrailingCharacter(baseUrl, '/') + TOKEN_PATH;
		}

		private static boolean isHttpUrl(URI uri) {
			return uri.isAbsolute() && uri.getHost() != null
					&& ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
		}

		private static String requireText(@Nullable String value, String name) {
			Assert.isTrue(StringUtils.hasText(value), () -> name + " must be set");
			return value;
		}

		private static void requirePositive(Duration value, String name) {
			Assert.isTrue(!value.isNegative() && !value.isZero(), () -> name + " must be positive");
		}

	}

}
