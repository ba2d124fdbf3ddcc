/**
 * Sample application of the Crayon token starter: {@link com.crayon.token.sample.OrganizationsClient}
 * calls the Crayon API with the auto-configured {@code crayonWebClient}, which adds the bearer token.
 */
@NullMarked
package com.crayon.token.sample;

import org.jspecify.annotations.NullMarked;
