/**
 * Crayon API authentication: {@link com.crayon.token.CrayonTokenService} obtains and caches
 * bearer tokens, {@link com.crayon.token.CrayonBearerExchangeFilterFunction} attaches them to
 * {@code WebClient} requests and {@link com.crayon.token.CrayonBearerClientHttpRequestInterceptor}
 * to {@code RestClient} and {@code RestTemplate} requests bound for the Crayon API.
 */
@NullMarked
package com.crayon.token;

import org.jspecify.annotations.NullMarked;
