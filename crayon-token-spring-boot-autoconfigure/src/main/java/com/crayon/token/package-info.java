/**
 * Crayon API authentication: {@link com.crayon.token.CrayonTokenService} obtains and caches
 * bearer tokens, {@link com.crayon.token.CrayonClientRegistry} holds the token services of several
 * clients by name; the package {@code com.crayon.token.web} attaches the tokens to HTTP requests.
 */
@NullMarked
package com.crayon.token;

import org.jspecify.annotations.NullMarked;
