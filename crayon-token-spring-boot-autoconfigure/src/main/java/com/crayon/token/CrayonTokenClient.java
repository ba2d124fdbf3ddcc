package com.crayon.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import com.crayon.token.CrayonTokenException.Reason;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

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

	private final String name;

	private final boolean registeredAtRuntime;

	private final WebClient webClient;

	private final URI tokenUri;

	private final CrayonCredentials credentials;

	private final TokenSettings settings;

	private final Clock clock;

	private final Ticker ticker;

	CrayonTokenClient(String name, boolean registeredAtRuntime, WebClient webClient, URI tokenUri,
			CrayonCredentials credentials, TokenSettings settings, Clock clock, Ticker ticker) {
		this.name = name;
		this.registeredAtRuntime = registeredAtRuntime;
		this.webClient = webClient;
		this.tokenUri = tokenUri;
		this.credentials = credentials;
		this.settings = settings;
		this.clock = clock;
		this.ticker = ticker;
	}

	/**
	 * Return the token endpoint this client asks.
	 * @return the token URI
	 */
	URI tokenUri() {
		return this.tokenUri;
	}

	/**
	 * Return the credentials this client sends.
	 * @return the credentials
	 */
	CrayonCredentials credentials() {
		return this.credentials;
	}

	/**
	 * Request a new token.
	 * @return the token with the moment its last attempt was sent, or an error with a
	 * {@link CrayonTokenException}
	 */
	Mono<Fetched> requestToken() {
		// a retry spec per request, not per client: thousands of clients, few requests each
		return Mono.defer(this::attempt).retryWhen(this.settings.retry(this.name));
	}

	private Mono<Fetched> attempt() {
		// ExpiresIn counts from when the endpoint issued the token, which is after this moment
		Instant requestedAt = this.clock.instant();
		long requestedAtNanos = this.ticker.read();
		if (logger.isDebugEnabled()) {
			logger.debug("Requesting a Crayon API token from " + this.tokenUri + " for Crayon client '" + this.name
					+ "' (client id " + this.credentials.clientId() + ")");
		}
		return this.webClient.post()
			.uri(this.tokenUri)
			.headers(this::authenticate)
			.body(BodyInserters.fromFormData("grant_type", "password")
				.with("username", this.credentials.username())
				.with("password", this.credentials.password())
				.with("scope", this.credentials.scope()))
			.exchangeToMono((response) -> read(response, requestedAt))
			.timeout(this.settings.timeout(), Mono.error(this::timedOut))
			.onErrorMap((ex) -> !(ex instanceof CrayonTokenException), this::unreachable)
			.map((token) -> new Fetched(token, requestedAtNanos, CrayonTokenListener.Source.ENDPOINT));
	}

	private void authenticate(HttpHeaders headers) {
		headers.setBasicAuth(this.credentials.clientId(), this.credentials.clientSecret(), StandardCharsets.UTF_8);
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
		Reason reason = reason(status, errorText);
		if (reason == Reason.CREDENTIALS_REJECTED) {
			message.append(credentialsHint());
		}
		return new CrayonTokenException(message.toString(), reason, status, errorText, retryAfter, cause);
	}

	private CrayonTokenException unreadable(HttpStatusCode status, @Nullable Duration retryAfter, Throwable ex) {
		if (ex instanceof DataBufferLimitException) {
			return failure(status, " with a body larger than the WebClient's buffer limit "
					+ "(spring.http.codecs.max-in-memory-size)", null, retryAfter, ex);
		}
		if (isConnectionFailure(ex)) {
			return new CrayonTokenException(prefix() + "HTTP " + describe(status)
					+ ", but the connection failed while reading the body: " + describe(ex) + ".", Reason.UNREACHABLE,
					status, null, ex);
		}
		return failure(status, " with a body that is not a JSON TokenResponse", null, retryAfter, ex);
	}

	private CrayonTokenException redirected(HttpStatusCode status, HttpHeaders headers) {
		URI location = headers.getLocation();
		return new CrayonTokenException(prefix() + "HTTP " + describe(status)
				+ ((location != null) ? " to " + location : "") + "; token requests never follow redirects, so set "
				+ key("token-uri") + " (or " + key("base-url") + ") to the address that answers.",
				Reason.INVALID_RESPONSE, status, null, null);
	}

	private CrayonTokenException timedOut() {
		return new CrayonTokenException(prefix() + "no answer within " + this.settings.timeout().toMillis()
				+ " ms (" + key("token.timeout") + ").", Reason.TIMEOUT, null, null, null);
	}

	private CrayonTokenException unreachable(Throwable ex) {
		return new CrayonTokenException(prefix() + "could not reach the endpoint: " + describe(ex) + ".",
				Reason.UNREACHABLE, null, null, ex);
	}

	/**
	 * Return a failure of a token request that did not end in an error of its own.
	 * @param reason the kind of failure
	 * @param detail what happened, completing "token request to ... failed: "
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	CrayonTokenException failure(Reason reason, String detail, @Nullable Throwable cause) {
		return new CrayonTokenException(prefix() + detail, reason, null, null, cause);
	}

	private String credentialsHint() {
		if (this.registeredAtRuntime) {
			return " Check the credentials Crayon client '" + this.name + "' was registered with.";
		}
		return " Check the client id and secret (" + key("client-id") + ", " + key("client-secret")
				+ ") and the API user (" + key("username") + ", " + key("password") + ").";
	}

	/**
	 * Return the property that sets the given key for this client: {@code crayon.api.<key>} for
	 * the default client and for clients registered at run time (which take their settings from
	 * it), {@code crayon.api.clients.<name>.<key>} for a named client.
	 */
	private String key(String key) {
		boolean topLevel = this.registeredAtRuntime || CrayonClientRegistry.DEFAULT_CLIENT.equals(this.name);
		return topLevel ? "crayon.api." + key : "crayon.api.clients." + this.name + "." + key;
	}

	private String prefix() {
		return "Crayon API token request to " + this.tokenUri + " failed: ";
	}

	private @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String redacted = text.replace(this.credentials.clientSecret(), REDACTED)
			.replace(this.credentials.password(), REDACTED);
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

	private static Reason reason(HttpStatusCode status, @Nullable String errorText) {
		int code = status.value();
		if (code == 400 || code == 401 || code == 403
				|| (errorText != null && (errorText.contains("invalid_grant") || errorText.contains("invalid_client")))) {
			return Reason.CREDENTIALS_REJECTED;
		}
		if (code == HttpStatus.REQUEST_TIMEOUT.value()) {
			return Reason.TIMEOUT;
		}
		if (status.is5xxServerError() || code == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return Reason.SERVER_ERROR;
		}
		return Reason.INVALID_RESPONSE;
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
		return "CrayonTokenClient[tokenUri=" + this.tokenUri + ", clientId=" + this.credentials.clientId()
				+ ", username=" + this.credentials.username() + ", scope=" + this.credentials.scope() + "]";
	}

	/**
	 * A token as the endpoint issued it, with the ticker's reading when its request was sent,
	 * from which its deadlines count.
	 *
	 * @param token the token
	 * @param requestedAtNanos the {@link Ticker} reading when the request was sent
	 * @param source whether this instance requested it or took it from a shared store
	 */
	record Fetched(CrayonAccessToken token, long requestedAtNanos, CrayonTokenListener.Source source) {

	}

}
