package com.crayon.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;

import com.crayon.token.CrayonTokenException.Reason;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.StringUtils;

/**
 * Turns what went wrong with a client's token request into a {@link CrayonTokenException} whose
 * message names the endpoint, the cause and the fix (the property to check), with Crayon's own
 * error text, never a secret, and tells whether the failure is worth a retry.
 */
final class TokenEndpointFailures {

	private static final String REDACTED = "******";

	private static final int MAX_ERROR_TEXT_LENGTH = 300;

	private final String name;

	private final boolean configured;

	private final String keyPrefix;

	private final URI tokenUri;

	private final CrayonCredentials credentials;

	private final Duration timeout;

	/**
	 * Describe the failures of one client's token requests.
	 * @param name the client's name
	 * @param configured whether it is configured (its keys are named in messages) rather than
	 * registered at run time
	 * @param keyPrefix the prefix of the properties that set its settings, such as
	 * {@code crayon.api.clients.demo}
	 * @param tokenUri its token endpoint
	 * @param credentials its credentials, redacted from any error text
	 * @param timeout the bound of one attempt
	 */
	TokenEndpointFailures(String name, boolean configured, String keyPrefix, URI tokenUri,
			CrayonCredentials credentials, Duration timeout) {
		this.name = name;
		this.configured = configured;
		this.keyPrefix = keyPrefix;
		this.tokenUri = tokenUri;
		this.credentials = credentials;
		this.timeout = timeout;
	}

	/**
	 * Return the failure of an answer with an error status, an error text or a broken body.
	 */
	CrayonTokenException answered(HttpStatusCode status, String detail, @Nullable String errorText,
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

	CrayonTokenException unreadable(HttpStatusCode status, @Nullable Duration retryAfter, Throwable ex) {
		if (ex instanceof DataBufferLimitException) {
			return answered(status, " with a body larger than the WebClient's buffer limit "
					+ "(spring.http.codecs.max-in-memory-size)", null, retryAfter, ex);
		}
		if (isConnectionFailure(ex)) {
			return new CrayonTokenException(prefix() + "HTTP " + describe(status)
					+ ", but the connection failed while reading the body: " + describe(ex) + ".", Reason.UNREACHABLE,
					status, null, ex);
		}
		return answered(status, " with a body that is not a JSON TokenResponse", null, retryAfter, ex);
	}

	CrayonTokenException redirected(HttpStatusCode status, HttpHeaders headers) {
		URI location = headers.getLocation();
		return new CrayonTokenException(prefix() + "HTTP " + describe(status)
				+ ((location != null) ? " to " + location : "") + "; token requests never follow redirects, so set "
				+ key("token-uri") + " (or " + key("base-url") + ") to the address that answers.",
				Reason.INVALID_RESPONSE, status, null, null);
	}

	CrayonTokenException timedOut() {
		return new CrayonTokenException(prefix() + "no answer within " + this.timeout.toMillis() + " ms ("
				+ key("token.timeout") + ").", Reason.TIMEOUT, null, null, null);
	}

	CrayonTokenException unreachable(Throwable ex) {
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

	/**
	 * Return an error text with the client secret and the password masked, cut to a readable
	 * length.
	 */
	@Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String redacted = text.replace(this.credentials.clientSecret(), REDACTED)
			.replace(this.credentials.password(), REDACTED);
		return (redacted.length() > MAX_ERROR_TEXT_LENGTH) ? redacted.substring(0, MAX_ERROR_TEXT_LENGTH) + "..."
				: redacted;
	}

	/**
	 * Return how long an answer asks to wait before the next attempt, from its
	 * {@code Retry-After} header in seconds or as a date.
	 */
	static @Nullable Duration retryAfter(HttpHeaders headers, Clock clock) {
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
				return (date != null) ? Duration.between(clock.instant(), date.toInstant()) : null;
			}
			catch (IllegalArgumentException notADate) {
				return null;
			}
		}
	}

	private String credentialsHint() {
		if (!this.configured) {
			return " Check the credentials Crayon client '" + this.name + "' was registered with.";
		}
		return " Check the client id and secret (" + key("client-id") + ", " + key("client-secret")
				+ ") and the API user (" + key("username") + ", " + key("password") + ").";
	}

	/**
	 * Return the property that sets the given key for this client.
	 */
	private String key(String key) {
		return this.keyPrefix + "." + key;
	}

	private String prefix() {
		return "Crayon API token request to " + this.tokenUri + " failed: ";
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

}
