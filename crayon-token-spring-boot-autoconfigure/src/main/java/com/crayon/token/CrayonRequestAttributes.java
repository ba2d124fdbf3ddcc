package com.crayon.token;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Request attributes that steer the bearer token for one request, for
 * {@code WebClient.RequestHeadersSpec#attributes} and {@code RestClient.RequestHeadersSpec#attributes}.
 *
 * <pre class="code">
 * webClient.post().uri("/api/v1/...").attributes(CrayonRequestAttributes.withoutReplay()).body(stream)...
 * </pre>
 */
public final class CrayonRequestAttributes {

	/** Name of the attribute that turns the retry after HTTP 401 off for one request. */
	public static final String NO_REPLAY = CrayonRequestAttributes.class.getName() + ".noReplay";

	private CrayonRequestAttributes() {
	}

	/**
	 * Return the attributes of a request that must not be sent twice: after an HTTP 401 it goes
	 * back to the caller as it is, instead of being retried with a new token. Use it for a body
	 * that can be written only once, such as a {@code Flux} that cannot be subscribed to twice or
	 * an {@code InputStreamResource}.
	 * @return a consumer of the request's attributes
	 */
	public static Consumer<Map<String, Object>> withoutReplay() {
		return (attributes) -> attributes.put(NO_REPLAY, Boolean.TRUE);
	}

	/**
	 * Return whether a request with these attributes may be replayed after HTTP 401.
	 * @param attributes the request's attributes
	 * @return {@code false} if {@link #withoutReplay()} was applied
	 */
	static boolean isReplayAllowed(Map<String, Object> attributes) {
		return !Boolean.TRUE.equals(attributes.get(NO_REPLAY));
	}

}
