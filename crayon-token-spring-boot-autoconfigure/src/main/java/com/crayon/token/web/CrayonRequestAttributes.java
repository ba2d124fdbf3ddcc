package com.crayon.token.web;

import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Request attributes that steer the bearer token for one request (which client's token, whether
 * to replay after HTTP 401), for
 * {@code WebClient.RequestHeadersSpec#attributes} and {@code RestClient.RequestHeadersSpec#attributes}.
 *
 * <pre class="code">
 * webClient.post().uri("/api/v1/...").attributes(CrayonRequestAttributes.withoutReplay()).body(stream)...
 * </pre>
 */
public final class CrayonRequestAttributes {

	/**
	 * Name of the attribute that turns the retry after HTTP 401 off for one request; the rejected
	 * token is still dropped.
	 */
	public static final String NO_REPLAY = CrayonRequestAttributes.class.getName() + ".noReplay";

	/** Name of the attribute that names the Crayon client whose token a request carries. */
	public static final String CLIENT_NAME = CrayonRequestAttributes.class.getName() + ".clientName";

	private CrayonRequestAttributes() {
	}

	/**
	 * Return the attributes of a request that must not be sent twice: after an HTTP 401 it goes
	 * back to the caller as it is, instead of being retried with a new token. The rejected token
	 * is still dropped, as after a replayed 401, so the next request gets a new one. Use it for a
	 * body that can be written only once, such as a {@code Flux} that cannot be subscribed to
	 * twice or an {@code InputStreamResource}.
	 * @return a consumer of the request's attributes
	 */
	public static Consumer<Map<String, Object>> withoutReplay() {
		return (attributes) -> attributes.put(NO_REPLAY, Boolean.TRUE);
	}

	/**
	 * Return the attributes of a request that carries the token of the named client, instead of
	 * the decorator's default client. The client must exist and its base URL must cover the
	 * request: its token goes only below its own base URL, and a request outside it fails, unsent,
	 * with an {@link IllegalArgumentException} naming the client, its base URL and the request's
	 * URL.
	 * @param name the client's name
	 * @return a consumer of the request's attributes
	 */
	public static Consumer<Map<String, Object>> crayonClient(String name) {
		return (attributes) -> attributes.put(CLIENT_NAME, name);
	}

	/**
	 * Return the client a request names.
	 * @param attributes the request's attributes
	 * @return the client's name, or {@code null} if it names none
	 */
	static @Nullable String clientName(Map<String, Object> attributes) {
		return (attributes.get(CLIENT_NAME) instanceof String name) ? name : null;
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
