package com.crayon.token.examples.webflux;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * README "Complete examples", WebFlux: the part of Crayon's user answer the example reads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CrayonUser(@JsonProperty("UserName") String userName) {

}
