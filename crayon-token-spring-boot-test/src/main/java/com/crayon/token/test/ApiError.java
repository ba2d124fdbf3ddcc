package com.crayon.token.test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Error answer of Crayon's resource endpoints.
 *
 * @param errorCode the error code, such as {@code Unauthorized}
 * @param message what was wrong
 */
@JsonPropertyOrder({ "ErrorCode", "Message" })
record ApiError(@JsonProperty("ErrorCode") String errorCode, @JsonProperty("Message") String message) {

}
