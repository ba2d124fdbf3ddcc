package com.crayon.token.test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * Crayon's PascalCase {@code TokenResponse}, as the "Get Token" document shows it.
 *
 * @param accessToken the token to send as {@code Authorization: Bearer}
 * @param identityToken the identity token, always {@code null} here
 * @param error the error message, {@code null} on success
 * @param expiresIn the token's lifetime in seconds
 * @param tokenType the token type, {@code Bearer}
 * @param refreshToken the refresh token, always {@code null}: Crayon has no refresh grant
 */
@JsonPropertyOrder({ "AccessToken", "IdentityToken", "Error", "ExpiresIn", "TokenType", "RefreshToken" })
record TokenResponse(@JsonProperty("AccessToken") String accessToken,
		@JsonProperty("IdentityToken") @Nullable String identityToken, @JsonProperty("Error") @Nullable String error,
		@JsonProperty("ExpiresIn") long expiresIn, @JsonProperty("TokenType") String tokenType,
		@JsonProperty("RefreshToken") @Nullable String refreshToken) {

	/**
	 * Create a successful answer carrying a bearer token.
	 * @param accessToken the token
	 * @param expiresIn its lifetime in seconds
	 * @return the answer
	 */
	static TokenResponse bearer(String accessToken, long expiresIn) {
		return new TokenResponse(accessToken, null, null, expiresIn, "Bearer", null);
	}

	@Override
	public String toString() {
		return "TokenResponse[AccessToken=(hidden), ExpiresIn=" + this.expiresIn + "]";
	}

}
