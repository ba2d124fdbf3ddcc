/**
 * Auto-configuration of the {@code crayon} health contributor.
 */
@NullMarked
package com.crayon.token.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
