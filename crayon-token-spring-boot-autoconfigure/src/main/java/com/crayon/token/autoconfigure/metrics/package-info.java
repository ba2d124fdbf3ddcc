/**
 * Auto-configuration of the token meters.
 */
@NullMarked
package com.crayon.token.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
