package com.crayon.token;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * Thrown when no Crayon API token could be obtained: the token endpoint refused the request,
 * answered something that is not a token, or could not be reached in time.
 *
 * <p>The message names the cause and, where the fix is on the caller's side, the fix. It never
 * contains the client secret, the password or a token.
 */
public class CrayonTokenException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final @Nullable HttpStatusCode statusCode;

	private final @Nullable String errorText;

	private final transient @Nullable Duration retryAfter;

	/**
	 * Create an exception.
	 * @param message what went wrong and how to fix it, without any secret
	 * @param reason the kind of failure
	 * @param statusCode the HTTP status of the token endpoint's answer, or {@code null} if there
	 * was none
	 * @param errorText Crayon's own error text, or {@code null} if the answer had none
	 * @param cause the underlying failure, or {@code null}
	 */
	public CrayonTokenException(String message, Reason reason, @Nullable HttpStatusCode statusCode,
			@Nullable String errorText, @Nullable Throwable cause) {
		this(message, reason, statusCode, errorText, null, cause);
	}

	CrayonTokenException(String message, Reason reason, @Nullable HttpStatusCode statusCode,
			@Nullable String errorText, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.statusCode = statusCode;
		this.errorText = errorText;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the kind of failure.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return the HTTP status the token endpoint answered with.
	 * @return the status, or {@code null} if no answer was received (connection failure, timeout)
	 */
	public @Nullable HttpStatusCode getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return Crayon's error text from the answer: {@code Error}, {@code error} with
	 * {@code error_description}, or {@code ErrorCode} with {@code Message}.
	 * @return the error text, or {@code null} if the answer carried none
	 */
	public @Nullable String getErrorText() {
		return this.errorText;
	}

	/**
	 * Return whether the failure is transient (connection failure, timeout, 5xx, 408, 429), so
	 * that the same request may succeed later; rejected credentials and answers that are not a
	 * token are not transient.
	 * @return {@code true} if trying again may help
	 */
	public boolean isTransient() {
		return this.reason.isTransient();
	}

	/**
	 * Return the delay the endpoint asked for with {@code Retry-After}.
	 * @return the delay, or {@code null} if none was given
	 */
	@Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return a fresh exception with the same details, so that a failure shared by many callers
	 * never accumulates their suppressed exceptions or stack traces.
	 * @return a copy of this exception whose cause is this exception
	 */
	CrayonTokenException copy() {
		return new CrayonTokenException(getMessage(), this.reason, this.statusCode, this.errorText, this.retryAfter,
				this);
	}

	/**
	 * Kinds of token request failure.
	 */
	public enum Reason {

		/**
		 * The token endpoint rejected the client or the user: HTTP 400, 401 or 403, or an
		 * {@code invalid_grant} or {@code invalid_client} error whatever the status.
		 */
		CREDENTIALS_REJECTED(false),

		/** The token endpoint answered HTTP 5xx or 429: it is failing or overloaded. */
		SERVER_ERROR(true),

		/** No answer within the time bound, an HTTP 408, or a token that arrived already stale. */
		TIMEOUT(true),

		/** The token endpoint could not be reached, or the connection broke. */
		UNREACHABLE(true),

		/** The answer was not a token: not JSON, no access token or lifetime, a redirect, or another status. */
		INVALID_RESPONSE(false);

		private final boolean transientFailure;

		Reason(boolean transientFailure) {
			this.transientFailure = transientFailure;
		}

		/**
		 * Return whether failures of this kind may go away by themselves.
		 * @return {@code true} for server errors, timeouts and unreachable endpoints
		 */
		public boolean isTransient() {
			return this.transientFailure;
		}

	}

}
