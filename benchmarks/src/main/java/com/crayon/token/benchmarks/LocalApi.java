package com.crayon.token.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.crayon.token.CrayonClientSettings;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Minimal Reactor Netty server on 127.0.0.1 (random port) playing both token endpoints and the
 * API: Crayon's PascalCase token endpoint, a standard OAuth 2.0 token endpoint for Spring
 * Security's client_credentials grant, and a resource answering {@code ok}.
 *
 * <p>It counts token requests, so a benchmark can prove the token stayed cached.
 */
final class LocalApi implements AutoCloseable {

	/** Access token both token endpoints hand out, the same for both libraries. */
	static final String TOKEN = "bench-token-0123456789abcdef0123456789abcdef0123456789abcdef01234567";

	/** Path of the standard OAuth 2.0 token endpoint Spring Security calls. */
	static final String OAUTH2_TOKEN_PATH = "/oauth2/token";

	/** Path of the resource the filter benchmark gets: answers {@code ok}. */
	static final String RESOURCE_PATH = "/api/v1/ok";

	/** Path that echoes the request's {@code Authorization} header; used by setup checks only. */
	static final String WHOAMI_PATH = "/api/v1/whoami";

	private static final byte[] CRAYON_TOKEN_BODY = ("{\"AccessToken\":\"" + TOKEN
			+ "\",\"TokenType\":\"Bearer\",\"ExpiresIn\":3600,\"RefreshToken\":null,\"Error\":null}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] OAUTH2_TOKEN_BODY = ("{\"access_token\":\"" + TOKEN
			+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

	private final AtomicInteger crayonTokenRequests = new AtomicInteger();

	private final AtomicInteger oauth2TokenRequests = new AtomicInteger();

	private final DisposableServer server;

	private LocalApi() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.post(CrayonClientSettings.TOKEN_PATH,
						(request, response) -> token(request, response, this.crayonTokenRequests, CRAYON_TOKEN_BODY))
				.post(OAUTH2_TOKEN_PATH,
						(request, response) -> token(request, response, this.oauth2TokenRequests, OAUTH2_TOKEN_BODY))
				.get(RESOURCE_PATH, (request, response) -> response.header(HttpHeaders.CONTENT_TYPE, "text/plain")
					.sendByteArray(Mono.just(OK)))
				.get(WHOAMI_PATH, (request, response) -> response
					.sendString(Mono.just(String.valueOf(request.requestHeaders().get(HttpHeaders.AUTHORIZATION))))))
			.bindNow();
	}

	/**
	 * Start a server.
	 * @return the running server
	 */
	static LocalApi start() {
		return new LocalApi();
	}

	private static org.reactivestreams.Publisher<Void> token(HttpServerRequest request, HttpServerResponse response,
			AtomicInteger counter, byte[] body) {
		counter.incrementAndGet();
		return request.receive()
			.then(response.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.sendByteArray(Mono.just(body))
				.then());
	}

	/**
	 * Return the server's base URL, {@code http://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/**
	 * Return how many requests the Crayon token endpoint answered.
	 * @return the count
	 */
	int crayonTokenRequests() {
		return this.crayonTokenRequests.get();
	}

	/**
	 * Return how many requests the OAuth 2.0 token endpoint answered.
	 * @return the count
	 */
	int oauth2TokenRequests() {
		return this.oauth2TokenRequests.get();
	}

	/**
	 * Stop the server, failing the run if either library asked for a token more than once: a
	 * figure that includes a token request would not measure a cached token.
	 */
	void closeAfterCheckingTokensWereCached() {
		closeAfterCheckingTokensWereCached(1);
	}

	/**
	 * Close the server after checking that each of the given number of Crayon token services, and
	 * Spring Security's manager, asked for one token only.
	 * @param crayonServices how many Crayon token services asked this server
	 */
	void closeAfterCheckingTokensWereCached(int crayonServices) {
		try {
			Checks.require(crayonTokenRequests() == crayonServices,
					"Crayon token was not cached: " + crayonTokenRequests() + " token requests");
			Checks.require(oauth2TokenRequests() == 1,
					"Spring Security token was not cached: " + oauth2TokenRequests() + " token requests");
		}
		finally {
			close();
		}
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
