/**
 * A {@link com.crayon.token.CrayonTokenStore} in Redis, through Spring Data Redis: instances
 * with the same credentials share one encrypted token.
 */
@NullMarked
package com.crayon.token.redis;

import org.jspecify.annotations.NullMarked;
