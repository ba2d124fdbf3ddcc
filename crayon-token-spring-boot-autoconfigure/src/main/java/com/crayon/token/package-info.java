/**
 * Crayon API authentication: the clients of an application and the bearer tokens they get.
 *
 * <p>The words used throughout, one meaning each:
 * <dl>
 * <dt>client</dt>
 * <dd>A named user of the Crayon API within this application: a name, its
 * {@linkplain com.crayon.token.CrayonClientSettings settings} and its
 * {@linkplain com.crayon.token.CrayonCredentials credentials}, served by one token service.
 * {@code default} is the client of the top-level properties; others are configured under
 * {@code crayon.api.clients.<name>} or registered at run time (tenants).</dd>
 * <dt>settings</dt>
 * <dd>Where a client's tokens come from and how they are served: the base URL, the token URI and
 * the timings of token requests, refreshes and retries ({@link com.crayon.token.CrayonClientSettings}).</dd>
 * <dt>credentials</dt>
 * <dd>What the token endpoint authenticates: the API client id and secret (HTTP Basic), the API
 * user's name and password (password grant), and the OAuth scope requested
 * ({@link com.crayon.token.CrayonCredentials}).</dd>
 * <dt>API client id</dt>
 * <dd>The OAuth client id Crayon issued ({@code client-id}); not a client in the sense above.</dd>
 * <dt>scope</dt>
 * <dd>Only the OAuth scope of the credentials ({@code CustomerApi}). The URLs a client's token may
 * go to are those below its <em>base URL</em>.</dd>
 * <dt>token</dt>
 * <dd>A bearer token with its lifetime ({@link com.crayon.token.CrayonAccessToken}).</dd>
 * <dt>token request</dt>
 * <dd>One password-grant request to the token endpoint, all its attempts together.</dd>
 * <dt>breaker</dt>
 * <dd>Shared by the clients of a registry that use one token endpoint: once their token requests
 * find it down, further ones are not sent (they fail at once) and one at a time tests it until it
 * answers.</dd>
 * <dt>token service</dt>
 * <dd>Hands out a client's valid token ({@link com.crayon.token.CrayonTokenService}).</dd>
 * <dt>registry</dt>
 * <dd>The clients by name ({@link com.crayon.token.CrayonClientRegistry}): builds their token
 * services around what they share, and tells what happens to each client (registered,
 * credentials changed, removed, closed) as a {@link com.crayon.token.CrayonClientEvent}.</dd>
 * <dt>listener</dt>
 * <dd>Hears of token requests, invalidations and client events, for observations and metrics
 * ({@link com.crayon.token.CrayonTokenListener}).</dd>
 * <dt>store</dt>
 * <dd>Where the instances of an application share tokens ({@link com.crayon.token.CrayonTokenStore});
 * the Redis store lives in {@code com.crayon.token.redis}.</dd>
 * <dt>HTTP client</dt>
 * <dd>A {@code WebClient}, {@code RestClient} or {@code RestTemplate}; the package
 * {@code com.crayon.token.web} attaches a client's token to its requests.</dd>
 * </dl>
 */
@NullMarked
package com.crayon.token;

import org.jspecify.annotations.NullMarked;
