/**
 * Auto-configuration of the observations of token requests.
 */
@NullMarked
package com.crayon.token.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
