/**
 * Sample application of the Crayon token starter: {@link com.crayon.token.sample.CrayonOrganizations},
 * an HTTP service client in the {@code crayon} group, calls the Crayon API with the bearer token the
 * starter adds to that group.
 */
@NullMarked
package com.crayon.token.sample;

import org.jspecify.annotations.NullMarked;
