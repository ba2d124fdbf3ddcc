/**
 * Crayon API simulator served by the sample application itself, from
 * {@code crayon-token-spring-boot-test}'s {@code CrayonApiSimulator}: a token endpoint that checks
 * requests as Crayon's "Get Token" document describes them, and two resources that take its
 * bearer tokens. On by default; {@code crayon.simulator.enabled=false} turns it off.
 */
@NullMarked
package com.crayon.token.sample.simulator;

import org.jspecify.annotations.NullMarked;
