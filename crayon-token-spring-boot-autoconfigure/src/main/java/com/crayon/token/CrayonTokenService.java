package com.crayon.token;

import reactor.core.publisher.Mono;

/**
 * Hands out Crayon API bearer tokens: the cached token while it is valid, otherwise a fresh one
 * from the token endpoint.
 *
 * <p>Inject the auto-configured bean, or take a client's from a {@link CrayonClientRegistry}
 * ({@code CrayonClientRegistry.tokenService(settings, credentials)} for just one).
 */
public interface CrayonTokenService {

	/**
	 * Return a valid token without blocking: the cached one, or one requested from the token
	 * endpoint and shared with every concurrent caller. The {@code Mono} is lazy: nothing
	 * happens until it is subscribed to, and each subscription looks at the cache again.
	 * @return a {@code Mono} of the token, or an error with a {@link CrayonTokenException}
	 */
	Mono<CrayonAccessToken> token();

	/**
	 * Return a valid token, blocking while one is requested; for code that does not use Reactor.
	 * @return the token
	 * @throws CrayonTokenException if no token could be obtained, including when none arrived
	 * within the longest time a token request can take
	 * @throws IllegalStateException if called on a non-blocking thread (a Netty event loop,
	 * Reactor's parallel scheduler), always, even when a token is cached: use {@link #token()}
	 * there
	 */
	CrayonAccessToken getToken();

	/**
	 * Forget the given token if it is still the cached one, for example after the Crayon API
	 * rejected it with HTTP 401; a newer token already cached is kept. A token is dropped this
	 * way at most once per {@code max-backoff} window, so an API that rejects every token costs
	 * one token request per window, not one per call: within the window the token is kept, and
	 * the next {@link #token()} returns the same one, which tells the caller not to retry.
	 * @param token the token to forget
	 */
	void invalidate(CrayonAccessToken token);

	/**
	 * Return what the service knows of its token and its last token request, without requesting
	 * anything; for health checks and metrics.
	 * @return the status; {@link CrayonTokenStatus#NOT_REQUESTED} unless the implementation
	 * keeps track
	 */
	default CrayonTokenStatus status() {
		return CrayonTokenStatus.NOT_REQUESTED;
	}

}
