/**
 * Test support for applications that use the Crayon token starter:
 * {@link com.crayon.token.test.CrayonApiSimulator}, a Crayon API on a free local port that checks
 * token requests as Crayon's "Get Token" document describes them, records requests and injects
 * faults; {@link com.crayon.token.test.EnableCrayonApiSimulator}, which starts one for a Spring
 * test's application context and points the application's own Crayon clients at it;
 * {@link com.crayon.token.test.CrayonApiSimulatorExtension} for JUnit 5 tests without Spring; and
 * {@link com.crayon.token.test.CrayonWireMockStubs} for WireMock users.
 */
@NullMarked
package com.crayon.token.test;

import org.jspecify.annotations.NullMarked;
