package com.crayon.token;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a token service knows of its token and its last token request, at one moment; reading it
 * never requests anything. It never holds the token's value.
 *
 * @param state the state
 * @param expiresIn how long until the usable token expires, or {@code null} if there is none
 * @param lastFailure the failure of the last token request, if it failed (while {@code USABLE},
 * a failing background refresh), or {@code null}
 * @param failingSince when the current streak of failed requests began, or {@code null}
 */
public record CrayonTokenStatus(State state, @Nullable Duration expiresIn, @Nullable CrayonTokenException lastFailure,
		@Nullable Instant failingSince) {

	/** The status of a service that has not requested a token yet. */
	public static final CrayonTokenStatus NOT_REQUESTED = new CrayonTokenStatus(State.NOT_REQUESTED, null, null, null);

	/**
	 * States of a token service.
	 */
	public enum State {

		/** No token has been requested yet. */
		NOT_REQUESTED,

		/** A token is cached and handed out. */
		USABLE,

		/** No usable token (it expired or was rejected); the last request did not fail. */
		NONE,

		/** No usable token, and the last token request failed. */
		FAILING

	}

}
