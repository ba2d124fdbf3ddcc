/**
 * JMH benchmarks of the token path: the cached token against the least any cache can do, and
 * the bearer filter against a request without one, each beside Spring Security's equivalent.
 */
package com.crayon.token.benchmarks;
