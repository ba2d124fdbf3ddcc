package com.crayon.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Requests a token for one client's credentials as Crayon's "Get Token" document describes it:
 * {@code POST} to the token URI with HTTP Basic client authentication and a password-grant form,
 * answered by a PascalCase {@code TokenResponse}. Each attempt is bounded by the timeout;
 * transient failures are retried with jittered exponential backoff, honouring
 * {@code Retry-After}.
 */
final class PasswordGrant {

	private static final Log logger = LogFactory.getLog(PasswordGrant.class);

	/** Longest lifetime believed: a larger {@code ExpiresIn} is treated as one year. */
	private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(365).toSeconds();

	private final String name;

	private final WebClient webClient;

	private final CrayonClientSettings settings;

	private final CrayonCredentials credentials;

	private final boolean configured;

	private final String keyPrefix;

	private final Clock clock;

	private final Ticker ticker;

	PasswordGrant(String name, boolean configured, String keyPrefix, WebClient webClient,
			CrayonClientSettings settings, CrayonCredentials credentials, Clock clock, Ticker ticker) {
		this.name = name;
		this.webClient = webClient;
		this.settings = settings;
		this.credentials = credentials;
		this.configured = configured;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.ticker = ticker;
	}

	/**
	 * Return the credentials this grant sends.
	 * @return the credentials
	 */
	CrayonCredentials credentials() {
		return this.credentials;
	}

	/**
	 * Return the prefix of the properties that set this client's settings.
	 * @return the prefix, such as {@code crayon.api.clients.demo}
	 */
	String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Return how this client's failures are described; made when needed, as failures are rare
	 * and thousands of clients each keep a grant.
	 * @return the failures
	 */
	TokenEndpointFailures failures() {
		return new TokenEndpointFailures(this.name, this.configured, this.keyPrefix, this.settings.tokenUri(),
				this.credentials, this.settings.timeout());
	}

	/**
	 * Request a new token.
	 * @return the token with the moment its last attempt was sent, or an error with a
	 * {@link CrayonTokenException}
	 */
	Mono<Fetched> requestToken() {
		// a retry spec per request, not per client: thousands of clients, few requests each
		return Mono.defer(this::attempt).retryWhen(retry());
	}

	private Mono<Fetched> attempt() {
		// ExpiresIn counts from when the endpoint issued the token, which is after this moment
		Instant requestedAt = this.clock.instant();
		long requestedAtNanos = this.ticker.read();
		if (logger.isDebugEnabled()) {
			logger.debug("Requesting a Crayon API token from " + this.settings.tokenUri() + " for Crayon client '"
					+ this.name + "' (client id " + this.credentials.clientId() + ")");
		}
		return this.webClient.post()
			.uri(this.settings.tokenUri())
			.headers(this::authenticate)
			.body(BodyInserters.fromFormData("grant_type", "password")
				.with("username", this.credentials.username())
				.with("password", this.credentials.password())
				.with("scope", this.credentials.scope()))
			.exchangeToMono((response) -> read(response, requestedAt))
			.timeout(this.settings.timeout(), Mono.error(() -> failures().timedOut()))
			.onErrorMap((ex) -> !(ex instanceof CrayonTokenException), (ex) -> failures().unreachable(ex))
			.map((token) -> new Fetched(token, requestedAtNanos, CrayonTokenListener.Source.ENDPOINT));
	}

	private void authenticate(HttpHeaders headers) {
		headers.setBasicAuth(this.credentials.clientId(), this.credentials.clientSecret(), StandardCharsets.UTF_8);
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
	}

	private Mono<CrayonAccessToken> read(ClientResponse response, Instant requestedAt) {
		HttpStatusCode status = response.statusCode();
		HttpHeaders headers = response.headers().asHttpHeaders();
		TokenEndpointFailures failures = failures();
		@Nullable Duration retryAfter = TokenEndpointFailures.retryAfter(headers, this.clock);
		if (status.is3xxRedirection()) {
			return response.releaseBody().then(Mono.error(() -> failures.redirected(status, headers)));
		}
		// The endpoint speaks JSON only: read any body as JSON, whatever Content-Type it claims
		return response.mutate()
			.headers((json) -> json.setContentType(MediaType.APPLICATION_JSON))
			.build()
			.bodyToMono(CrayonTokenResponse.class)
			.onErrorMap((ex) -> !(ex instanceof CrayonTokenException),
					(ex) -> failures.unreadable(status, retryAfter, ex))
			.switchIfEmpty(Mono.error(() -> failures.answered(status, " with an empty body", null, retryAfter,
					null)))
			.flatMap((body) -> token(status, body, retryAfter, requestedAt, failures));
	}

	private Mono<CrayonAccessToken> token(HttpStatusCode status, CrayonTokenResponse body,
			@Nullable Duration retryAfter, Instant requestedAt, TokenEndpointFailures failures) {
		String errorText = failures.redact(body.errorText());
		if (!status.is2xxSuccessful() || errorText != null) {
			return Mono.error(failures.answered(status, "", errorText, retryAfter, null));
		}
		if (!StringUtils.hasText(body.accessToken())) {
			return Mono.error(failures.answered(status, " without an AccessToken", null, null, null));
		}
		Long expiresIn = body.expiresIn();
		if (expiresIn == null || expiresIn <= 0) {
			return Mono.error(failures.answered(status, " with "
					+ ((expiresIn != null) ? "ExpiresIn " + expiresIn : "no ExpiresIn")
					+ ", so the token's lifetime is unknown (expected a positive number of seconds)", null, null,
					null));
		}
		long lifetime = Math.min(expiresIn, MAX_LIFETIME_SECONDS);
		String tokenType = StringUtils.hasText(body.tokenType()) ? body.tokenType() : "Bearer";
		return Mono.just(new CrayonAccessToken(body.accessToken(), tokenType, requestedAt,
				requestedAt.plusSeconds(lifetime)));
	}

	/**
	 * Return the retries of transient failures within one token request.
	 */
	private Retry retry() {
		Duration maxBackoff = this.settings.maxBackoff();
		return Retry.backoff(this.settings.maxAttempts() - 1L, this.settings.initialBackoff())
			.maxBackoff(maxBackoff)
			.jitter(0.5)
			.filter((ex) -> ex instanceof CrayonTokenException failure && failure.isTransient())
			.doBeforeRetryAsync((signal) -> honourRetryAfter(signal.failure(), maxBackoff))
			.doBeforeRetry((signal) -> logger.debug("Retrying the token request of Crayon client '" + this.name
					+ "' (attempt " + (signal.totalRetries() + 2) + " of " + this.settings.maxAttempts()
					+ ") after: " + signal.failure().getMessage()))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private static Mono<Void> honourRetryAfter(Throwable failure, Duration maxBackoff) {
		Duration retryAfter = (failure instanceof CrayonTokenException tokenFailure) ? tokenFailure.retryAfter() : null;
		if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
			return Mono.empty();
		}
		return Mono.delay((retryAfter.compareTo(maxBackoff) > 0) ? maxBackoff : retryAfter).then();
	}

	@Override
	public String toString() {
		URI tokenUri = this.settings.tokenUri();
		return "PasswordGrant[tokenUri=" + tokenUri + ", clientId=" + this.credentials.clientId() + ", username="
				+ this.credentials.username() + ", scope=" + this.credentials.scope() + "]";
	}

	/**
	 * A token as the endpoint issued it (or another instance shared it), with the ticker's reading
	 * when its request was sent, from which its deadlines count.
	 *
	 * @param token the token
	 * @param requestedAtNanos the {@link Ticker} reading when the request was sent
	 * @param source whether this instance requested it or took it from a shared store
	 */
	record Fetched(CrayonAccessToken token, long requestedAtNanos, CrayonTokenListener.Source source) {

	}

}
