/**
 * Auto-configuration of the Redis token store.
 */
@NullMarked
package com.crayon.token.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
