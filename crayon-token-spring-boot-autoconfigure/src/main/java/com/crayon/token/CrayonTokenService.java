package com.crayon.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

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
	 * Never call it on a reactive (event loop) thread.
	 * @return the token
	 * @throws CrayonTokenException if no token could be obtained
	 */
	CrayonAccessToken getToken();

	/**
	 * Forget the given token if it is still the cached one, for example after the Crayon API
	 * rejected it with HTTP 401; a newer token already cached is kept.
	 * @param token the token to forget
	 */
	void invalidate(CrayonAccessToken token);

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

		private @Nullable URI tokenUri;

		private @Nullable String clientId;

		private @Nullable String clientSecret;

		private @Nullable String username;

		private @Nullable String password;

		private String scope = "CustomerApi";

		private Duration expiryMargin = Duration.ofSeconds(30);

		private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

		private Duration timeout = Duration.ofSeconds(10);

		private int maxAttempts = 3;

		private Duration initialBackoff = Duration.ofMillis(200);

		private Duration maxBackoff = Duration.ofSeconds(5);

		private Clock clock = Clock.systemUTC();

		Builder() {
		}

		/**
		 * Set the {@code WebClient} that makes token requests. It must not carry the bearer
		 * filter and should not follow redirects.
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
			return tokenUri(defaultTokenUri(baseUrl));
		}

		/**
		 * Set the token endpoint's full URI.
		 * @param tokenUri the token endpoint
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
		 * Set how long before its expiry a token stops being handed out; at most half the
		 * token's lifetime is used.
		 * @param expiryMargin the margin; default 30 seconds
		 * @return this builder
		 */
		public Builder expiryMargin(Duration expiryMargin) {
			this.expiryMargin = expiryMargin;
			return this;
		}

		/**
		 * Set how long before its expiry a token is refreshed in the background; never before
		 * half the token's lifetime.
		 * @param refreshBeforeExpiry the lead time; default 5 minutes
		 * @return this builder
		 */
		public Builder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
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
		 * requests while the endpoint keeps failing.
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
		 * Set the clock that timestamps tokens and decides when they expire.
		 * @param clock the clock; default the system clock in UTC
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Build the token service. Nothing is requested until the first call.
		 * @return the token service
		 * @throws IllegalArgumentException if a required setting is missing or a value is out of
		 * range
		 */
		public CrayonTokenService build() {
			Assert.notNull(this.tokenUri, "tokenUri or baseUrl must be set");
			requireText(this.clientId, "clientId");
			requireText(this.clientSecret, "clientSecret");
			requireText(this.username, "username");
			requireText(this.password, "password");
			requireText(this.scope, "scope");
			requirePositive(this.timeout, "timeout");
			requirePositive(this.initialBackoff, "initialBackoff");
			requirePositive(this.maxBackoff, "maxBackoff");
			Assert.isTrue(!this.expiryMargin.isNegative(), "expiryMargin must not be negative");
			Assert.isTrue(!this.refreshBeforeExpiry.isNegative(), "refreshBeforeExpiry must not be negative");
			Assert.isTrue(this.maxAttempts >= 1, "maxAttempts must be at least 1");
			WebClient webClient = (this.webClient != null) ? this.webClient : WebClient.create();
			CrayonTokenClient client = new CrayonTokenClient(webClient, this.tokenUri, this.clientId,
					this.clientSecret, this.username, this.password, this.scope, this.timeout, this.maxAttempts,
					this.initialBackoff, this.maxBackoff, this.clock);
			return new CachingCrayonTokenService(client, this.clock, this.expiryMargin, this.refreshBeforeExpiry,
					new FailureStreak(this.initialBackoff, this.maxBackoff), client.bound(this.maxAttempts));
		}

		/**
		 * Return the token endpoint below a base URL, with exactly one slash between them.
		 * @param baseUrl the API's base URL, with or without a trailing slash
		 * @return the token endpoint's URI
		 */
		public static String defaultTokenUri(String baseUrl) {
			return StringUtils.trimTrailingCharacter(baseUrl, '/') + TOKEN_PATH;
		}

		private static void requireText(@Nullable String value, String name) {
			Assert.isTrue(StringUtils.hasText(value), () -> name + " must be set");
		}

		private static void requirePositive(Duration value, String name) {
			Assert.isTrue(!value.isNegative() && !value.isZero(), () -> name + " must be positive");
		}

	}

}
