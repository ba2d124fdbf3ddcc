/**
 * Micrometer meters of the token services: the expiry gauge and the invalidation counter.
 */
@NullMarked
package com.crayon.token.metrics;

import org.jspecify.annotations.NullMarked;
