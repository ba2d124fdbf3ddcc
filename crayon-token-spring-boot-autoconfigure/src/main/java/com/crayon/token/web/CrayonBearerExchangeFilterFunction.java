package com.crayon.token.web;

import java.net.URI;
import java.util.Objects;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@link ExchangeFilterFunction} that adds {@code Authorization: Bearer <token>} to requests
 * bound for the Crayon API, and on HTTP 401 replays the request once with a new token.
 *
 * <p>A request gets the token of one client: the one it names with
 * {@link CrayonRequestAttributes#crayonClient(String)}, else the filter's default. Only requests
 * whose scheme, host, port and path prefix match that client's base URL, and whose path has no
 * dot segments, get a token; every other request that names no client passes through untouched,
 * so the filter cannot leak a token to another host even on a general-purpose {@code WebClient}.
 * A request that names a client whose base URL does not cover it fails, unsent, with an
 * {@link IllegalArgumentException} naming the client, its base URL and the request's URL. A
 * request that already carries an {@code Authorization} header is left alone.
 *
 * <p>On HTTP 401 the filter asks the token service to forget the token and replays the request
 * with the new one, once, after releasing the first answer's body. The service replaces a
 * rejected token at most once per {@code max-backoff} window; when it keeps the token, the 401
 * goes back to the caller as it is. The replay writes the request body a second time through
 * the same {@code BodyInserter}: for a body that can be written only once (a {@code Flux} that
 * cannot be subscribed to twice, an {@code InputStreamResource}), turn the replay off with
 * {@link CrayonRequestAttributes#withoutReplay()}. Such a request is sent once and its 401 goes
 * back to the caller as it is, but the rejected token is still dropped, so the next request
 * gets a new one.
 */
public final class CrayonBearerExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(CrayonBearerExchangeFilterFunction.class);

	private final BearerPolicy policy;

	/**
	 * Create a filter.
	 * @param tokens where tokens come from
	 * @param baseUrl the Crayon API's base URL, such as {@code https://api.crayon.com}; only
	 * requests below it get a token
	 */
	public CrayonBearerExchangeFilterFunction(CrayonTokenService tokens, String baseUrl) {
		this.policy = new BearerPolicy(Objects.requireNonNull(tokens, "tokens"), baseUrl);
	}

	/**
	 * Create a filter for several clients: a request gets the token of the client that
	 * {@link CrayonRequestAttributes#crayonClient(String)} names, else of the default client, and
	 * only below that client's base URL.
	 * @param clients the clients
	 */
	public CrayonBearerExchangeFilterFunction(CrayonClientRegistry clients) {
		this.policy = new BearerPolicy(clients, clients.defaultName());
	}

	/**
	 * Create a filter for several clients whose default is the given client, such as the filter
	 * of that client's HTTP service group.
	 * @param clients the clients
	 * @param defaultClient the client of requests that name none
	 */
	public CrayonBearerExchangeFilterFunction(CrayonClientRegistry clients, String defaultClient) {
		clients.get(defaultClient);
		this.policy = new BearerPolicy(clients, defaultClient);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		CrayonClientRegistry.Client client;
		try {
			client = this.policy.clientFor(request.url(), request.headers(), request.attributes());
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ex);
		}
		if (client == null) {
			return next.exchange(request);
		}
		return client.tokens()
			.token()
			.flatMap((token) -> next.exchange(bearer(request, token))
				.flatMap((response) -> switch (this.policy.rejection(response.statusCode().value(),
						request.attributes())) {
					case NONE -> Mono.just(response);
					case REPLAY -> replay(request, client, token, response, next);
					case NO_REPLAY -> retire(request, client, token, response);
				}));
	}

	/**
	 * Return whether a request to a URL may carry the token.
	 * @param url the request's URL
	 * @return {@code true} if it is below the Crayon API's base URL
	 */
	boolean isCrayonApi(URI url) {
		return this.policy.isBelowDefaultBaseUrl(url);
	}

	private Mono<ClientResponse> replay(ClientRequest request, CrayonClientRegistry.Client client,
			CrayonAccessToken rejected, ClientResponse response, ExchangeFunction next) {
		return this.policy.renew(client.tokens(), rejected)
			.onErrorResume((ex) -> response.releaseBody().then(Mono.error(ex)))
			.flatMap((fresh) -> {
				BearerPolicy.logUnauthorized(logger, client, request.method().name(), request.url(), true);
				return response.releaseBody().then(next.exchange(bearer(request, fresh)));
			})
			.switchIfEmpty(Mono.fromSupplier(() -> {
				BearerPolicy.logUnauthorized(logger, client, request.method().name(), request.url(), false);
				return response;
			}));
	}

	private Mono<ClientResponse> retire(ClientRequest request, CrayonClientRegistry.Client client,
			CrayonAccessToken rejected, ClientResponse response) {
		return Mono.fromSupplier(() -> {
			this.policy.retire(client.tokens(), rejected);
			BearerPolicy.logUnauthorizedWithoutReplay(logger, client, request.method().name(), request.url());
			return response;
		}).onErrorResume((ex) -> response.releaseBody().then(Mono.error(ex)));
	}

	private static ClientRequest bearer(ClientRequest request, CrayonAccessToken token) {
		return ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token.value())).build();
	}

	@Override
	public String toString() {
		return "CrayonBearerExchangeFilterFunction[" + this.policy + "]";
	}

}
