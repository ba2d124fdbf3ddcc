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

	private final @Nullable HttpStatusCode statusCode;

	private final @Nullable String errorText;

	private final boolean transientFailure;

	private final transient @Nullable Duration retryAfter;

	/**
	 * Create an exception.
	 * @param message what went wrong and how to fix it, without any secret
	 * @param statusCode the HTTP status of the token endpoint's answer, or {@code null} if there
	 * was none
	 * @param errorText Crayon's own error text, or {@code null} if the answer had none
	 * @param transientFailure whether trying again later may succeed
	 * @param cause the underlying failure, or {@code null}
	 */
	public CrayonTokenException(String message, @Nullable HttpStatusCode statusCode, @Nullable String errorText,
			boolean transientFailure, @Nullable Throwable cause) {
		this(message, statusCode, errorText, transientFailure, null, cause);
	}

	CrayonTokenException(String message, @Nullable HttpStatusCode statusCode, @Nullable String errorText,
			boolean transientFailure, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
		this.errorText = errorText;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
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
	 * that the same request may succeed later; credential errors are not transient.
	 * @return {@code true} if trying again may help
	 */
	public boolean isTransient() {
		return this.transientFailure;
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
		return new CrayonTokenException(getMessage(), this.statusCode, this.errorText, this.transientFailure,
				this.retryAfter, this);
	}

}
