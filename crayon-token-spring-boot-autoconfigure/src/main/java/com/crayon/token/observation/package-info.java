/**
 * Micrometer observations of token requests: one observation per request, named
 * {@code crayon.token.requests}, with its convention and documentation.
 */
@NullMarked
package com.crayon.token.observation;

import org.jspecify.annotations.NullMarked;
