/**
 * Spring Boot auto-configuration of the Crayon API token service, the bearer filter and
 * interceptor, {@code crayonWebClient} and {@code crayonRestClient}, bound to the
 * {@code crayon.api.*} properties, and the watcher of the files credentials come from; the HTTP
 * service groups are wired in {@code com.crayon.token.autoconfigure.service}, Spring Cloud's
 * refresh in {@code com.crayon.token.autoconfigure.cloud}.
 */
@NullMarked
package com.crayon.token.autoconfigure;

import org.jspecify.annotations.NullMarked;
