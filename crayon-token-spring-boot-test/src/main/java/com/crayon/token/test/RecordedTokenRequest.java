package com.crayon.token.test;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Token request a {@link CrayonApiSimulator} received and how it answered it; it never holds the
 * client secret or the password.
 *
 * @param time when the simulator answered, by its clock
 * @param clientId the client id of the HTTP Basic authentication, or {@code null} if there was
 * none that could be read
 * @param username the {@code username} form field, or {@code null} if it was not sent exactly
 * once
 * @param outcome how the request was answered
 * @param status the HTTP status of the answer
 * @param accessToken the token issued, or {@code null} unless the outcome is
 * {@link TokenRequestOutcome#ISSUED}
 */
public record RecordedTokenRequest(Instant time, @Nullable String clientId, @Nullable String username,
		TokenRequestOutcome outcome, int status, @Nullable String accessToken) {

	/**
	 * Return whether a token was issued.
	 * @return {@code true} if the outcome is {@link TokenRequestOutcome#ISSUED}
	 */
	public boolean issued() {
		return this.outcome == TokenRequestOutcome.ISSUED;
	}

	@Override
	public String toString() {
		return "RecordedTokenRequest[time=" + this.time + ", clientId=" + this.clientId + ", username="
				+ this.username + ", outcome=" + this.outcome + ", status=" + this.status + ", accessToken="
				+ ((this.accessToken != null) ? "(" + this.accessToken.length() + " characters)" : null) + "]";
	}

}
