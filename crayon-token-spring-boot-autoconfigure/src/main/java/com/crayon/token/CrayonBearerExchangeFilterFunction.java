package com.crayon.token;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@link ExchangeFilterFunction} that adds {@code Authorization: Bearer <token>} to requests
 * bound for the Crayon API, and on HTTP 401 retries once with a fresh token.
 *
 * <p>Only requests whose scheme, host, port and path prefix match the API's base URL get a
 * token; every other request passes through untouched, so the filter cannot leak a token to
 * another host even on a general-purpose {@code WebClient}. A request that already carries an
 * {@code Authorization} header is left alone.
 */
public final class CrayonBearerExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(CrayonBearerExchangeFilterFunction.class);

	private final CrayonTokenService tokens;

	private final String scheme;

	private final String host;

	private final int port;

	private final String basePath;

	/**
	 * Create a filter.
	 * @param tokens where tokens come from
	 * @param baseUrl the Crayon API's base URL, such as {@code https://api.crayon.com}; only
	 * requests below it get a token
	 */
	public CrayonBearerExchangeFilterFunction(CrayonTokenService tokens, String baseUrl) {
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		URI base = URI.create(baseUrl);
		if (base.getScheme() == null || base.getHost() == null) {
			throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, got '" + baseUrl + "'");
		}
		this.scheme = base.getScheme().toLowerCase(Locale.ROOT);
		this.host = base.getHost().toLowerCase(Locale.ROOT);
		this.port = port(base);
		this.basePath = StringUtils.trimTrailingCharacter(Objects.toString(base.getRawPath(), ""), '/');
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!isCrayonApi(request.url()) || request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
			return next.exchange(request);
		}
		return this.tokens.token()
			.flatMap((token) -> next.exchange(bearer(request, token))
				.flatMap((response) -> isUnauthorized(response) ? retryWithNewToken(request, token, response, next)
						: Mono.just(response)));
	}

	/**
	 * Return whether a request goes to the Crayon API: same scheme, host and port as the base
	 * URL, and a path at or below the base URL's path.
	 * @param url the request's URL
	 * @return {@code true} if the request may carry the token
	 */
	boolean isCrayonApi(URI url) {
		if (url.getScheme() == null || url.getHost() == null || !this.scheme.equalsIgnoreCase(url.getScheme())
				|| !this.host.equalsIgnoreCase(url.getHost()) || this.port != port(url)) {
			return false;
		}
		String path = Objects.toString(url.getRawPath(), "");
		return this.basePath.isEmpty() || path.equals(this.basePath) || path.startsWith(this.basePath + "/");
	}

	private Mono<ClientResponse> retryWithNewToken(ClientRequest request, CrayonAccessToken rejected,
			ClientResponse response, ExchangeFunction next) {
		if (logger.isDebugEnabled()) {
			logger.debug("Crayon API answered 401 to " + request.method() + " " + request.url().getRawPath()
					+ "; retrying once with a new token");
		}
		return response.releaseBody()
			.then(Mono.fromRunnable(() -> this.tokens.invalidate(rejected)))
			.then(Mono.defer(this.tokens::token))
			.flatMap((token) -> next.exchange(bearer(request, token)));
	}

	private static ClientRequest bearer(ClientRequest request, CrayonAccessToken token) {
		return ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token.value())).build();
	}

	private static boolean isUnauthorized(ClientResponse response) {
		return response.statusCode().value() == HttpStatus.UNAUTHORIZED.value();
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	@Override
	public String toString() {
		return "CrayonBearerExchangeFilterFunction[" + this.scheme + "://" + this.host + ":" + this.port + this.basePath
				+ "]";
	}

}
