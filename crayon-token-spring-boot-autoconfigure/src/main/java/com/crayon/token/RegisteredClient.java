package com.crayon.token;

import org.jspecify.annotations.Nullable;

/**
 * A client's token service with where its token may go.
 *
 * @param tokens the client's token service
 * @param baseUrl the Crayon API's base URL, or {@code null} if only the token URI is known
 * @param scope the requests that may carry its token, or {@code null} without a base URL
 */
record RegisteredClient(CrayonTokenService tokens, @Nullable String baseUrl, @Nullable CrayonApiScope scope) {

	RegisteredClient(CrayonTokenService tokens, @Nullable String baseUrl) {
		this(tokens, baseUrl, (baseUrl != null) ? CrayonApiScope.of(baseUrl) : null);
	}

}
