package com.crayon.token.web;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The rules every bearer-token decorator follows, whatever its HTTP client: which client's token
 * a request gets (the one its attributes name, else the decorator's default), whether it gets one
 * at all (only below that client's base URL, and only without an {@code Authorization} header of
 * its own), which answers reject the token (dropping it) and lead to one replay, and what the
 * replay is sent with.
 *
 * <p>Each decorator keeps only the adapter to its client's API: the WebClient filter uses the
 * reactive {@link #renew}, the RestClient interceptor the blocking {@link #renewNow}.
 */
final class BearerPolicy {

	private final Function<String, CrayonClientRegistry.@Nullable Client> clients;

	/** The rule of each client's base URL, worked out once. */
	private final Map<String, CrayonApiBaseUrl> baseUrls = new ConcurrentHashMap<>();

	private final @Nullable String defaultClient;

	private final String description;

	/**
	 * Create the policy of a decorator for one client.
	 * @param tokens the client's token service
	 * @param baseUrl the Crayon API's base URL; only requests below it get a token
	 */
	BearerPolicy(CrayonTokenService tokens, String baseUrl) {
		CrayonClientRegistry.Client client = new CrayonClientRegistry.Client(CrayonClientRegistry.DEFAULT_CLIENT, tokens,
				baseUrl);
		this.clients = (name) -> CrayonClientRegistry.DEFAULT_CLIENT.equals(name) ? client : null;
		this.defaultClient = CrayonClientRegistry.DEFAULT_CLIENT;
		this.description = String.valueOf(baseUrl(client));
	}

	/**
	 * Create the policy of a decorator for several clients.
	 * @param clients the clients
	 * @param defaultClient the client of requests that name none, or {@code null} to send those
	 * untouched
	 */
	BearerPolicy(CrayonClientRegistry clients, @Nullable String defaultClient) {
		this.clients = clients::client;
		this.defaultClient = defaultClient;
		this.description = "clients=" + clients.configuredNames() + ", default=" + defaultClient;
	}

	/**
	 * Return the client whose token a request should carry.
	 * @param url the request's URL
	 * @param headers the request's headers
	 * @param attributes the request's attributes, which may name the client
	 * @return the client, or {@code null} to send the request untouched: it carries an
	 * {@code Authorization} header of its own, it names no client and the decorator has no
	 * default, or it names none and is not bound for the default client's Crayon API
	 * @throws IllegalArgumentException if the request names a client that does not exist, or names
	 * one explicitly whose base URL does not cover it: a client chosen for a request must
	 * authenticate it, a request is never sent without the token it asked for
	 */
	CrayonClientRegistry.@Nullable Client clientFor(URI url, HttpHeaders headers, Map<String, Object> attributes) {
		String named = CrayonRequestAttributes.clientName(attributes);
		boolean ownAuthorization = headers.containsHeader(HttpHeaders.AUTHORIZATION);
		String name = (named != null) ? named : this.defaultClient;
		if (name == null || (ownAuthorization && named == null)) {
			return null;
		}
		CrayonClientRegistry.Client client = this.clients.apply(name);
		if (client == null) {
			// a name given for a request must exist, even when the request needs no token of ours
			throw new IllegalArgumentException("No Crayon client named '" + name + "' for the request to "
					+ describe(url) + " (request attribute " + CrayonRequestAttributes.CLIENT_NAME + ")");
		}
		if (ownAuthorization) {
			return null;
		}
		if (baseUrl(client).contains(url)) {
			return client;
		}
		if (named != null) {
			throw new IllegalArgumentException(outsideBaseUrl(named, client, url));
		}
		return null;
	}

	/**
	 * Return why a request that names a client explicitly is refused: the client would not
	 * authenticate it. The message names the client, its base URL and the request's URL without
	 * its user info or query.
	 */
	private static String outsideBaseUrl(String name, CrayonClientRegistry.Client client, URI url) {
		return "Crayon client '" + name + "' (base URL " + client.baseUrl() + ") does not authenticate the request to "
				+ describe(url) + ": its token goes only below its base URL, so the request was not sent; "
				+ "send it below that base URL or name a client whose base URL covers it (request attribute "
				+ CrayonRequestAttributes.CLIENT_NAME + ", @CrayonClient)";
	}

	/**
	 * Return a URL's scheme, host, port and path: never its user info or query.
	 * @param url the URL
	 * @return the description
	 */
	static String describe(URI url) {
		return url.getScheme() + "://" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "")
				+ url.getRawPath();
	}

	/**
	 * Return what an answer to a request sent with our token means for the token and the request.
	 * @param status the answer's status code
	 * @param attributes the request's attributes
	 * @return {@link Rejection#NONE} unless the answer is HTTP 401, else {@link Rejection#REPLAY},
	 * or {@link Rejection#NO_REPLAY} if the request opted out of replays
	 */
	Rejection rejection(int status, Map<String, Object> attributes) {
		if (status != HttpStatus.UNAUTHORIZED.value()) {
			return Rejection.NONE;
		}
		return CrayonRequestAttributes.isReplayAllowed(attributes) ? Rejection.REPLAY : Rejection.NO_REPLAY;
	}

	/**
	 * Drop a token the API rejected, without asking for a new one, for a request that is not
	 * replayed: the next request gets a new token. The service drops a rejected token at most once
	 * per {@code max-backoff} window, as for a replay.
	 * @param tokens the service the rejected token came from
	 * @param rejected the token the API answered 401 to
	 */
	void retire(CrayonTokenService tokens, CrayonAccessToken rejected) {
		tokens.invalidate(rejected);
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
	 * @param client the client whose token was rejected
	 * @param method the request's method
	 * @param url the request's URL
	 * @param replaying whether the request is replayed with a new token
	 */
	static void logUnauthorized(Log logger, CrayonClientRegistry.Client client, String method, URI url,
			boolean replaying) {
		if (logger.isDebugEnabled()) {
			logger.debug("Crayon API answered 401 to " + method + " " + url.getRawPath() + "; "
					+ (replaying ? "replaying it once with a new token"
							: "returning the 401: the token was replaced after a rejection moments ago")
					+ clientOf(client));
		}
	}

	/**
	 * Log, at DEBUG, that a decorator returns a 401 to a request that opted out of replays and
	 * drops the rejected token; the line names the method and the path, never a header or the
	 * query.
	 * @param logger the decorator's logger
	 * @param client the client whose token was rejected
	 * @param method the request's method
	 * @param url the request's URL
	 */
	static void logUnauthorizedWithoutReplay(Log logger, CrayonClientRegistry.Client client, String method,
			URI url) {
		if (logger.isDebugEnabled()) {
			logger.debug("Crayon API answered 401 to " + method + " " + url.getRawPath()
					+ "; returning the 401 without a replay, as the request asked, and dropping the token"
					+ clientOf(client));
		}
	}

	/**
	 * Return the end of a log line that names a token's client.
	 */
	private static String clientOf(CrayonClientRegistry.Client client) {
		return " (Crayon client '" + client.name() + "')";
	}

	/**
	 * Return whether a request to a URL that names no client may carry the default client's token.
	 * @param url the URL
	 * @return {@code true} if it is below the default client's base URL
	 */
	boolean isBelowDefaultBaseUrl(URI url) {
		CrayonClientRegistry.Client client = (this.defaultClient != null) ? this.clients.apply(this.defaultClient)
				: null;
		return client != null && baseUrl(client).contains(url);
	}

	private CrayonApiBaseUrl baseUrl(CrayonClientRegistry.Client client) {
		CrayonApiBaseUrl baseUrl = this.baseUrls.get(client.baseUrl());
		return (baseUrl != null) ? baseUrl : this.baseUrls.computeIfAbsent(client.baseUrl(), CrayonApiBaseUrl::of);
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * What an answer to a request sent with our token means: whether the API rejected the token,
	 * and if so whether the request is replayed.
	 */
	enum Rejection {

		/** The token was not rejected: the answer goes back to the caller as it is. */
		NONE,

		/** HTTP 401: the token is dropped and the request replayed once with a new one. */
		REPLAY,

		/** HTTP 401 to a request that opted out of replays: the token is dropped, the 401 returned. */
		NO_REPLAY

	}

}
