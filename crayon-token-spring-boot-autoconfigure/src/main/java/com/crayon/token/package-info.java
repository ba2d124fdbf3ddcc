/**
 * Crayon API authentication: {@link com.crayon.token.CrayonTokenService} obtains and caches
 * bearer tokens, and {@link com.crayon.token.CrayonBearerExchangeFilterFunction} attaches them
 * to {@code WebClient} requests bound for the Crayon API.
 */
@NullMarked
package com.crayon.token;

import org.jspecify.annotations.NullMarked;
