package com.crayon.token.test;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Request to a resource of the simulated Crayon API (such as {@code GET /api/v1/organizations/})
 * and how it was answered.
 *
 * @param time when the simulator answered, by its clock
 * @param method the HTTP method
 * @param path the request path, without the query
 * @param token the bearer token of the {@code Authorization} header, or {@code null} if the
 * request carried none
 * @param username the user the token was issued to, or {@code null} if the token was missing,
 * unknown, expired or revoked
 * @param status the HTTP status of the answer: 200, or 401 without a valid token
 */
public record RecordedApiRequest(Instant time, String method, String path, @Nullable String token,
		@Nullable String username, int status) {

	/**
	 * Return whether the request carried a valid token and was answered.
	 * @return {@code true} if the status is 200
	 */
	public boolean authorized() {
		return this.status == 200;
	}

	@Override
	public String toString() {
		return "RecordedApiRequest[time=" + this.time + ", " + this.method + " " + this.path + ", token="
				+ ((this.token != null) ? "(" + this.token.length() + " characters)" : null) + ", username="
				+ this.username + ", status=" + this.status + "]";
	}

}
