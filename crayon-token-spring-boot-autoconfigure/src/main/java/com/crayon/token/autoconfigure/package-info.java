/**
 * Spring Boot auto-configuration of the Crayon API token service, the bearer filter and
 * interceptor, {@code crayonWebClient} and {@code crayonRestClient}, bound to the
 * {@code crayon.api.*} properties; the HTTP service groups are wired in
 * {@code com.crayon.token.autoconfigure.service}.
 */
@NullMarked
package com.crayon.token.autoconfigure;

import org.jspecify.annotations.NullMarked;
