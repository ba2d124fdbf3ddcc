package com.crayon.token.test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * RFC 6749 error answer of a token endpoint, as Crayon's IdentityServer sends it.
 *
 * @param error the error code, such as {@code invalid_grant}
 * @param errorDescription what was wrong, or {@code null} to leave it out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "error", "error_description" })
record OAuthError(@JsonProperty("error") String error,
		@JsonProperty("error_description") @Nullable String errorDescription) {

}
