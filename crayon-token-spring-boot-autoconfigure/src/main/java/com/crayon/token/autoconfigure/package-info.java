/**
 * Spring Boot auto-configuration of the Crayon API token service, bearer filter and
 * {@code crayonWebClient}, bound to the {@code crayon.api.*} properties.
 */
@NullMarked
package com.crayon.token.autoconfigure;

import org.jspecify.annotations.NullMarked;
