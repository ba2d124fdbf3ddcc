package com.crayon.token.web;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * {@link ClientHttpRequestInterceptor} for {@code RestClient} and {@code RestTemplate} that adds
 * {@code Authorization: Bearer <token>} to requests bound for the Crayon API, and on HTTP 401
 * replays the request once with a new token.
 *
 * <p>It follows the rules of {@link CrayonBearerExchangeFilterFunction}: only requests whose
 * scheme, host, port and path prefix match the API's base URL, and whose path has no dot
 * segments, get a token, so it is safe on a general-purpose client; a request that names a client
 * whose base URL does not cover it fails, unsent, with an {@link IllegalArgumentException}; a
 * request that already carries an {@code Authorization} header is left alone. On HTTP 401 it asks the token service to
 * forget the token, closes the first response and sends the request again, once, with the new
 * token; when the service kept the token (it replaced a rejected one moments ago), the 401 goes
 * back to the caller as it is. {@link CrayonRequestAttributes#withoutReplay()} turns the replay
 * off for one request: its 401 goes back to the caller as it is, but the rejected token is still
 * dropped, so the next request gets a new one.
 *
 * <p>It blocks while a token is requested, as the client itself blocks on the response: use it
 * on servlet and virtual threads. On a non-blocking thread (a Netty event loop, Reactor's
 * {@code parallel} scheduler) every request bound for the Crayon API fails at once with the
 * {@link IllegalStateException} of {@link CrayonTokenService#getToken()}; use a {@code WebClient}
 * with {@link CrayonBearerExchangeFilterFunction} there. When no token can be obtained, the
 * request fails with a {@link CrayonTokenException} and is not sent.
 */
public final class CrayonBearerClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(CrayonBearerClientHttpRequestInterceptor.class);

	private final BearerPolicy policy;

	/**
	 * Create an interceptor.
	 * @param tokens where tokens come from
	 * @param baseUrl the Crayon API's base URL, such as {@code https://api.crayon.com}; only
	 * requests below it get a token
	 */
	public CrayonBearerClientHttpRequestInterceptor(CrayonTokenService tokens, String baseUrl) {
		this.policy = new BearerPolicy(Objects.requireNonNull(tokens, "tokens"), baseUrl);
	}

	/**
	 * Create an interceptor for several clients: a request gets the token of the client that
	 * {@link CrayonRequestAttributes#crayonClient(String)} names, else of the default client, and
	 * only below that client's base URL.
	 * @param clients the clients
	 */
	public CrayonBearerClientHttpRequestInterceptor(CrayonClientRegistry clients) {
		this.policy = new BearerPolicy(clients, clients.defaultName());
	}

	/**
	 * Create an interceptor for several clients whose default is the given client, such as the
	 * interceptor of that client's HTTP service group.
	 * @param clients the clients
	 * @param defaultClient the client of requests that name none
	 */
	public CrayonBearerClientHttpRequestInterceptor(CrayonClientRegistry clients, String defaultClient) {
		clients.get(defaultClient);
		this.policy = new BearerPolicy(clients, defaultClient);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		CrayonClientRegistry.Client client = this.policy.clientFor(request.getURI(), request.getHeaders(),
				request.getAttributes());
		if (client == null) {
			return execution.execute(request, body);
		}
		CrayonAccessToken token = client.tokens().getToken();
		ClientHttpResponse response = send(request, body, execution, token);
		return switch (this.policy.rejection(response.getStatusCode().value(), request.getAttributes())) {
			case NONE -> response;
			case REPLAY -> replay(request, body, execution, client, token, response);
			case NO_REPLAY -> retire(request, client, token, response);
		};
	}

	/**
	 * Return whether a request to a URL may carry the token.
	 * @param url the request's URL
	 * @return {@code true} if it is below the Crayon API's base URL
	 */
	boolean isCrayonApi(URI url) {
		return this.policy.isBelowDefaultBaseUrl(url);
	}

	private ClientHttpResponse replay(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			CrayonClientRegistry.Client client, CrayonAccessToken rejected, ClientHttpResponse response)
			throws IOException {
		CrayonAccessToken fresh;
		try {
			fresh = this.policy.renewNow(client.tokens(), rejected);
		}
		catch (RuntimeException ex) {
			response.close();
			throw ex;
		}
		boolean replaying = fresh != null;
		BearerPolicy.logUnauthorized(logger, client, request.getMethod().name(), request.getURI(), replaying);
		if (!replaying) {
			return response;
		}
		response.close();
		return send(request, body, execution, fresh);
	}

	private ClientHttpResponse retire(HttpRequest request, CrayonClientRegistry.Client client,
			CrayonAccessToken rejected, ClientHttpResponse response) {
		try {
			this.policy.retire(client.tokens(), rejected);
		}
		catch (RuntimeException ex) {
			response.close();
			throw ex;
		}
		BearerPolicy.logUnauthorizedWithoutReplay(logger, client, request.getMethod().name(), request.getURI());
		return response;
	}

	/**
	 * Send the request with the token, and take the token out of its headers again once sent, so
	 * that an outer interceptor that reads or sends the request again never finds our token in it.
	 * The token is set on the request's own headers for the call (a copy would cost more than
	 * everything else here); headers that cannot be changed are copied instead.
	 */
	private static ClientHttpResponse send(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			CrayonAccessToken token) throws IOException {
		HttpHeaders headers = request.getHeaders();
		try {
			headers.setBearerAuth(token.value());
		}
		catch (UnsupportedOperationException ex) {
			return execution.execute(copy(request, token), body);
		}
		try {
			return execution.execute(request, body);
		}
		finally {
			headers.remove(HttpHeaders.AUTHORIZATION);
		}
	}

	private static HttpRequest copy(HttpRequest request, CrayonAccessToken token) {
		HttpHeaders headers = HttpHeaders.copyOf(request.getHeaders());
		headers.setBearerAuth(token.value());
		return new HttpRequestWrapper(request) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

	@Override
	public String toString() {
		return "CrayonBearerClientHttpRequestInterceptor[" + this.policy + "]";
	}

}
