/**
 * Auto-configuration of Spring Cloud's refresh for the Crayon clients: an
 * {@code EnvironmentChangeEvent} that touches {@code crayon.api.*} gives the configured clients
 * the new configuration.
 */
@NullMarked
package com.crayon.token.autoconfigure.cloud;

import org.jspecify.annotations.NullMarked;
