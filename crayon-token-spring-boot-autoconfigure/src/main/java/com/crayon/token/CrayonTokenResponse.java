package com.crayon.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Body of a token endpoint answer: Crayon's PascalCase {@code TokenResponse}, and the error
 * shapes seen from its identity server (RFC 6749 {@code error}) and from its other endpoints
 * ({@code ErrorCode}/{@code Message}).
 *
 * <p>Its {@code toString()} hides the access token: codecs log decoded values at DEBUG and TRACE.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CrayonTokenResponse(@JsonProperty("AccessToken") @Nullable String accessToken,
		@JsonProperty("TokenType") @Nullable String tokenType, @JsonProperty("ExpiresIn") @Nullable Long expiresIn,
		@JsonProperty("Error") @Nullable String error, @JsonProperty("error") @Nullable String oauthError,
		@JsonProperty("error_description") @Nullable String oauthErrorDescription,
		@JsonProperty("ErrorCode") @Nullable String errorCode, @JsonProperty("Message") @Nullable String message) {

	/**
	 * Return the error text of whichever error shape the answer used.
	 * @return the error text, or {@code null} if the answer reports no error
	 */
	@Nullable String errorText() {
		if (StringUtils.hasText(this.error)) {
			return this.error;
		}
		if (StringUtils.hasText(this.oauthError)) {
			return join(this.oauthError, this.oauthErrorDescription);
		}
		if (StringUtils.hasText(this.errorCode) || StringUtils.hasText(this.message)) {
			return join(this.errorCode, this.message);
		}
		return null;
	}

	private static String join(@Nullable String code, @Nullable String description) {
		if (!StringUtils.hasText(code)) {
			return String.valueOf(description);
		}
		return StringUtils.hasText(description) ? code + ": " + description : code;
	}

	@Override
	public String toString() {
		return "CrayonTokenResponse[AccessToken=" + ((this.accessToken != null) ? "(hidden)" : "null") + ", TokenType="
				+ this.tokenType + ", ExpiresIn=" + this.expiresIn + ", error=" + errorText() + "]";
	}

}
