/**
 * Spring Boot health of the token services.
 */
@NullMarked
package com.crayon.token.health;

import org.jspecify.annotations.NullMarked;
