package com.crayon.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Makes one token request as Crayon's "Get Token" document describes it: {@code POST} to the
 * token URI with HTTP Basic client authentication and a password-grant form, answered by a
 * PascalCase {@code TokenResponse}. Each attempt is bounded by the timeout; transient failures
 * are retried with jittered exponential backoff.
 */
final class CrayonTokenClient {

	private static final Log logger = LogFactory.getLog(CrayonTokenClient.class);

	private static final String REDACTED = "******";

	private static final int MAX_ERROR_TEXT_LENGTH = 300;

	/** Longest lifetime believed: a larger {@code ExpiresIn} is treated as one year. */
	private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(365).toSeconds();

	private final WebClient webClient;

	private final URI tokenUri;

	private final String clientId;

	private final String clientSecret;

	private final String username;

	private final String password;

	private final String scope;

	private final Duration timeout;

	private final Duration maxBackoff;

	private final Retry retry;

	private final Clock clock;

	CrayonTokenClient(WebClient webClient, URI tokenUri, String clientId, String clientSecret, String username,
			String password, String scope, Duration timeout, int maxAttempts, Duration initialBackoff,
			Duration maxBackoff, Clock clock) {
		this.webClient = webClient;
		this.tokenUri = tokenUri;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.username = username;
		this.password = password;
		this.scope = scope;
		this.timeout = timeout;
		this.maxBackoff = maxBackoff;
		this.retry = retry(maxAttempts, initialBackoff, maxBackoff);
		this.clock = clock;
	}

	private RetryBackoffSpec retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		return Retry.backoff(maxAttempts - 1L, initialBackoff)
			.maxBackoff(maxBackoff)
			.jitter(0.5)
			.filter((ex) -> ex instanceof CrayonTokenException failure && failure.isTransient())
			.doBeforeRetryAsync((signal) -> honourRetryAfter(signal.failure()))
			.doBeforeRetry((signal) -> logger.debug("Retrying the token request (attempt " + (signal.totalRetries() + 2)
					+ " of " + maxAttempts + ") after: " + signal.failure().getMessage()))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	/**
	 * Return the largest time one {@link #requestToken()} can take: every attempt timing out,
	 * with the longest backoff and {@code Retry-After} wait between attempts.
	 * @param maxAttempts how many attempts a request makes
	 * @return the bound
	 */
	Duration bound(int maxAttempts) {
		return this.timeout.multipliedBy(maxAttempts).plus(this.maxBackoff.multipliedBy(2L * (maxAttempts - 1)));
	}

	/**
	 * Request a new token.
	 * @return the token, or an error with a {@link CrayonTokenException}
	 */
	Mono<CrayonAccessToken> requestToken() {
		return Mono.defer(this::attempt).retryWhen(this.retry);
	}

	private Mono<CrayonAccessToken> attempt() {
		// ExpiresIn counts from when the endpoint issued the token, which is after this instant
		Instant requestedAt = this.clock.instant();
		if (logger.isDebugEnabled()) {
			logger.debug("Requesting a Crayon API token from " + this.tokenUri + " for client " + this.clientId);
		}
		return this.webClient.post()
			.uri(this.tokenUri)
			.headers(this::authenticate)
			.body(BodyInserters.fromFormData("grant_type", "password")
				.with("username", this.username)
				.with("password", this.password)
				.with("scope", this.scope))
			.exchangeToMono((response) -> read(response, requestedAt))
			.timeout(this.timeout, Mono.error(this::timedOut))
			.onErrorMap((ex) -> !(ex instanceof CrayonTokenException), this::unreachable);
	}

	private void authenticate(HttpHeaders headers) {
		headers.setBasicAuth(this.clientId, this.clientSecret, StandardCharsets.UTF_8);
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
	}

	private Mono<CrayonAccessToken> read(ClientResponse response, Instant requestedAt) {
		HttpStatusCode status = response.statusCode();
		@Nullable Duration retryAfter = retryAfter(response.headers().asHttpHeaders());
		if (status.is3xxRedirection()) {
			return response.releaseBody().then(Mono.error(() -> redirected(status, response.headers().asHttpHeaders())));
		}
		// The endpoint speaks JSON only: read any body as JSON, whatever Content-Type it claims
		return response.mutate()
			.headers((headers) -> headers.setContentType(MediaType.APPLICATION_JSON))
			.build()
			.bodyToMono(CrayonTokenResponse.class)
			.onErrorMap((ex) -> !(ex instanceof CrayonTokenException), (ex) -> unreadable(status, retryAfter, ex))
			.switchIfEmpty(Mono.error(() -> failure(status, " with an empty body", null, retryAfter, null)))
			.flatMap((body) -> token(status, body, retryAfter, requestedAt));
	}

	private Mono<CrayonAccessToken> token(HttpStatusCode status, CrayonTokenResponse body,
			@Nullable Duration retryAfter, Instant requestedAt) {
		String errorText = redact(body.errorText());
		if (!status.is2xxSuccessful() || errorText != null) {
			return Mono.error(failure(status, "", errorText, retryAfter, null));
		}
		if (!StringUtils.hasText(body.accessToken())) {
			return Mono.error(failure(status, " without an AccessToken", null, null, null));
		}
		Long expiresIn = body.expiresIn();
		if (expiresIn == null || expiresIn <= 0) {
			return Mono.error(failure(status, " with " + ((expiresIn != null) ? "ExpiresIn " + expiresIn : "no ExpiresIn")
					+ ", so the token's lifetime is unknown (expected a positive number of seconds)", null, null, null));
		}
		long lifetime = Math.min(expiresIn, MAX_LIFETIME_SECONDS);
		String tokenType = StringUtils.hasText(body.tokenType()) ? body.tokenType() : "Bearer";
		return Mono.just(new CrayonAccessToken(body.accessToken(), tokenType, requestedAt,
				requestedAt.plusSeconds(lifetime)));
	}

	private CrayonTokenException failure(HttpStatusCode status, String detail, @Nullable String errorText,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		StringBuilder message = new StringBuilder(prefix()).append("HTTP ").append(describe(status)).append(detail);
		if (errorText != null) {
			message.append(": ").append(errorText);
		}
		message.append('.');
		boolean credentialError = isCredentialError(status, errorText);
		if (credentialError) {
			message.append(" Check the client id and secret (crayon.api.client-id, crayon.api.client-secret) "
					+ "and the API user (crayon.api.username, crayon.api.password).");
		}
		return new CrayonTokenException(message.toString(), status, errorText,
				isTransient(status) && !credentialError, retryAfter, cause);
	}

	private CrayonTokenException unreadable(HttpStatusCode status, @Nullable Duration retryAfter, Throwable ex) {
		if (ex instanceof DataBufferLimitException) {
			return failure(status, " with a body larger than the WebClient's buffer limit "
					+ "(spring.http.codecs.max-in-memory-size)", null, retryAfter, ex);
		}
		if (isConnectionFailure(ex)) {
			return new CrayonTokenException(prefix() + "HTTP " + describe(status)
					+ ", but the connection failed while reading the body: " + describe(ex) + ".", status, null, true,
					ex);
		}
		return failure(status, " with a body that is not a JSON TokenResponse", null, retryAfter, ex);
	}

	private CrayonTokenException redirected(HttpStatusCode status, HttpHeaders headers) {
		URI location = headers.getLocation();
		return new CrayonTokenException(prefix() + "HTTP " + describe(status)
				+ ((location != null) ? " to " + location : "") + "; token requests never follow redirects, so set "
				+ "crayon.api.token-uri (or crayon.api.base-url) to the address that answers.", status, null, false,
				null);
	}

	private CrayonTokenException timedOut() {
		return new CrayonTokenException(prefix() + "no answer within " + this.timeout.toMillis()
				+ " ms (crayon.api.token.timeout).", null, null, true, null);
	}

	private CrayonTokenException unreachable(Throwable ex) {
		return new CrayonTokenException(prefix() + "could not reach the endpoint: " + describe(ex) + ".", null, null,
				true, ex);
	}

	private String prefix() {
		return "Crayon API token request to " + this.tokenUri + " failed: ";
	}

	private @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String redacted = text.replace(this.clientSecret, REDACTED).replace(this.password, REDACTED);
		return (redacted.length() > MAX_ERROR_TEXT_LENGTH) ? redacted.substring(0, MAX_ERROR_TEXT_LENGTH) + "..."
				: redacted;
	}

	private @Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime date = headers.getFirstZonedDateTime(HttpHeaders.RETRY_AFTER);
				return (date != null) ? Duration.between(this.clock.instant(), date.toInstant()) : null;
			}
			catch (IllegalArgumentException notADate) {
				return null;
			}
		}
	}

	private Mono<Void> honourRetryAfter(Throwable failure) {
		Duration retryAfter = (failure instanceof CrayonTokenException tokenFailure) ? tokenFailure.retryAfter() : null;
		if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
			return Mono.empty();
		}
		return Mono.delay((retryAfter.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : retryAfter).then();
	}

	private static boolean isTransient(HttpStatusCode status) {
		return status.is5xxServerError() || status.value() == HttpStatus.REQUEST_TIMEOUT.value()
				|| status.value() == HttpStatus.TOO_MANY_REQUESTS.value();
	}

	private static boolean isCredentialError(HttpStatusCode status, @Nullable String errorText) {
		int code = status.value();
		return code == 400 || code == 401 || code == 403
				|| (errorText != null && (errorText.contains("invalid_grant") || errorText.contains("invalid_client")));
	}

	private static boolean isConnectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? status.value() + " " + known.getReasonPhrase() : String.valueOf(status.value());
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + (StringUtils.hasText(message) ? " (" + message + ")" : "");
	}

	@Override
	public String toString() {
		return "CrayonTokenClient[tokenUri=" + this.tokenUri + ", clientId=" + this.clientId + ", username="
				+ this.username + ", scope=" + this.scope + "]";
	}

}
