package com.crayon.token;

import java.net.URI;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The rules every bearer-token decorator follows, whatever its HTTP client: which requests get a
 * token, which answers lead to a new token and one replay, and what the replay is sent with.
 *
 * <p>Each decorator keeps only the adapter to its client's API: the WebClient filter uses the
 * reactive {@link #renew}, the RestClient interceptor the blocking {@link #renewNow}.
 */
final class BearerPolicy {

	private final CrayonTokenService tokens;

	private final CrayonApiScope scope;

	BearerPolicy(CrayonTokenService tokens, String baseUrl) {
		this.tokens = tokens;
		this.scope = CrayonApiScope.of(baseUrl);
	}

	/**
	 * Return the token service whose token a request should carry.
	 * @param url the request's URL
	 * @param headers the request's headers
	 * @param attributes the request's attributes
	 * @return the service, or {@code null} to send the request untouched: it is not bound for the
	 * Crayon API, or it carries an {@code Authorization} header of its own
	 */
	@Nullable CrayonTokenService tokensFor(URI url, HttpHeaders headers, Map<String, Object> attributes) {
		return (this.scope.contains(url) && !headers.containsHeader(HttpHeaders.AUTHORIZATION)) ? this.tokens : null;
	}

	/**
	 * Return whether a request sent with our token should be replayed with a new one.
	 * @param status the answer's status code
	 * @param attributes the request's attributes
	 * @return {@code true} for HTTP 401, unless the request opted out of replays
	 */
	boolean shouldRenew(int status, Map<String, Object> attributes) {
		return status == HttpStatus.UNAUTHORIZED.value() && CrayonRequestAttributes.isReplayAllowed(attributes);
	}

	/**
	 * Return the token to replay a request with after the API rejected {@code rejected}: a newer
	 * one, or nothing when the service kept the rejected token (it re-authenticated within its
	 * window already), in which case the rejection goes back to the caller as it is.
	 * @param tokens the service the rejected token came from
	 * @param rejected the token the API answered 401 to
	 * @return the new token, or empty
	 */
	Mono<CrayonAccessToken> renew(CrayonTokenService tokens, CrayonAccessToken rejected) {
		return Mono.defer(() -> {
			tokens.invalidate(rejected);
			return tokens.token();
		}).filter((fresh) -> !fresh.equals(rejected));
	}

	/**
	 * Blocking variant of {@link #renew}, for clients that block anyway.
	 * @param tokens the service the rejected token came from
	 * @param rejected the token the API answered 401 to
	 * @return the new token, or {@code null} when the service kept the rejected one
	 * @throws CrayonTokenException if no token could be obtained
	 * @throws IllegalStateException if called on a non-blocking thread
	 */
	@Nullable CrayonAccessToken renewNow(CrayonTokenService tokens, CrayonAccessToken rejected) {
		tokens.invalidate(rejected);
		CrayonAccessToken fresh = tokens.getToken();
		return fresh.equals(rejected) ? null : fresh;
	}

	/**
	 * Log, at DEBUG, what a decorator does with a 401 to a request that carried our token; the
	 * line names the method and the path, never a header or the query.
	 * @param logger the decorator's logger
	 * @param method the request's method
	 * @param url the request's URL
	 * @param replaying whether the request is replayed with a new token
	 */
	static void logUnauthorized(Log logger, String method, URI url, boolean replaying) {
		if (logger.isDebugEnabled()) {
			logger.debug("Crayon API answered 401 to " + method + " " + url.getRawPath() + "; "
					+ (replaying ? "replaying it once with a new token"
							: "returning the 401: the token was replaced after a rejection moments ago"));
		}
	}

	/**
	 * Return whether a request to a URL may carry a token, ignoring its headers.
	 * @param url the URL
	 * @return {@code true} if it is below the Crayon API's base URL
	 */
	boolean isInScope(URI url) {
		return this.scope.contains(url);
	}

	@Override
	public String toString() {
		return this.scope.toString();
	}

}
