/**
 * Spring Boot auto-configuration of the Crayon API token service, the bearer filter and
 * interceptor, {@code crayonWebClient}, {@code crayonRestClient} and the {@code crayon} HTTP
 * service group, bound to the {@code crayon.api.*} properties.
 */
@NullMarked
package com.crayon.token.autoconfigure;

import org.jspecify.annotations.NullMarked;
