package com.crayon.token;

import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * A way the token endpoint can fail, with what the token service must make of it.
 *
 * @param name what the endpoint does
 * @param response the endpoint's answer
 * @param transientFailure whether the failure is transient, so retried within the request
 * @param messagePart a part of the exception message that names the cause
 * @param status the HTTP status the exception reports, or 0 for none
 */
record TokenEndpointFault(String name, ResponseDefinitionBuilder response, boolean transientFailure,
		String messagePart, int status) {

	static final int MAX_ATTEMPTS = 3;

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * Return the attempt timeout to test this fault with: 1 s, so that a delayed answer times out
	 * quickly, except for a large body, whose reading alone can take longer on a loaded machine.
	 */
	java.time.Duration timeout() {
		return this.name.equals("10 MB body") ? java.time.Duration.ofSeconds(10) : java.time.Duration.ofSeconds(1);
	}

	/** Every fault of the matrix; delays assume a token request timeout of 1 s. */
	static List<TokenEndpointFault> all() {
		return List.of(
				new TokenEndpointFault("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), true,
						"could not reach the endpoint", 0),
				new TokenEndpointFault("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE), true,
						"could not reach the endpoint", 0),
				new TokenEndpointFault("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), true,
						"HTTP 200 OK, but the connection failed while reading the body", 200),
				new TokenEndpointFault("random data then close",
						aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), true, "could not reach the endpoint", 0),
				new TokenEndpointFault("delay beyond the timeout",
						TokenEndpoint.tokenResponse("too-late", 3600).withFixedDelay(2500), true,
						"no answer within 1000 ms (crayon.api.token.timeout)", 0),
				new TokenEndpointFault("HTTP 500", TokenEndpoint.json(500, "{\"Message\":\"boom\"}"), true,
						"HTTP 500 Internal Server Error: boom", 500),
				new TokenEndpointFault("HTTP 502 with an HTML body",
						aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>bad gateway</html>"),
						true, "HTTP 502 Bad Gateway", 502),
				new TokenEndpointFault("HTTP 503 with an empty body", aResponse().withStatus(503), true,
						"HTTP 503 Service Unavailable with an empty body", 503),
				new TokenEndpointFault("HTTP 504", TokenEndpoint.json(504, "{}"), true, "HTTP 504 Gateway Timeout",
						504),
				new TokenEndpointFault("HTTP 500 with invalid_client",
						TokenEndpoint.json(500, "{\"error\":\"invalid_client\"}"), false,
						"HTTP 500 Internal Server Error: invalid_client. Check the client id and secret", 500),
				new TokenEndpointFault("HTTP 429 with Retry-After",
						TokenEndpoint.json(429, "{\"error\":\"slow_down\"}").withHeader("Retry-After", "0"), true,
						"HTTP 429 Too Many Requests: slow_down", 429),
				new TokenEndpointFault("200 with Error",
						TokenEndpoint.json(200,
								"{\"AccessToken\":null,\"IdentityToken\":null,\"Error\":\"invalid_grant\",\"ExpiresIn\":0,"
										+ "\"TokenType\":null,\"RefreshToken\":null}"),
						false, "HTTP 200 OK: invalid_grant. Check the client id and secret", 200),
				new TokenEndpointFault("400 invalid_grant, PascalCase",
						TokenEndpoint.json(400, "{\"Error\":\"invalid_grant\"}"), false,
						"HTTP 400 Bad Request: invalid_grant. Check", 400),
				new TokenEndpointFault("400 invalid_grant, RFC 6749",
						TokenEndpoint.json(400,
								"{\"error\":\"invalid_grant\",\"error_description\":\"invalid_username_or_password\"}"),
						false, "HTTP 400 Bad Request: invalid_grant: invalid_username_or_password", 400),
				new TokenEndpointFault("401 invalid_client", TokenEndpoint.json(401, "{\"error\":\"invalid_client\"}"),
						false, "HTTP 401 Unauthorized: invalid_client. Check the client id and secret", 401),
				new TokenEndpointFault("400 ErrorCode and Message",
						TokenEndpoint.json(400, "{\"ErrorCode\":\"InvalidCredentials\",\"Message\":\"Bad user\"}"), false,
						"HTTP 400 Bad Request: InvalidCredentials: Bad user", 400),
				new TokenEndpointFault("non-JSON 200",
						aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("hello"), false,
						"HTTP 200 OK with a body that is not a JSON TokenResponse", 200),
				new TokenEndpointFault("truncated JSON 200",
						TokenEndpoint.json(200, "{\"AccessToken\":\"abc\",\"ExpiresIn\":36"), false,
						"HTTP 200 OK with a body that is not a JSON TokenResponse", 200),
				new TokenEndpointFault("200 without AccessToken",
						TokenEndpoint.json(200, "{\"ExpiresIn\":3600,\"TokenType\":\"Bearer\"}"), false,
						"HTTP 200 OK without an AccessToken", 200),
				new TokenEndpointFault("ExpiresIn 0", TokenEndpoint.tokenResponse("token-0", 0), false,
						"HTTP 200 OK with ExpiresIn 0", 200),
				new TokenEndpointFault("ExpiresIn negative", TokenEndpoint.tokenResponse("token-negative", -5), false,
						"HTTP 200 OK with ExpiresIn -5", 200),
				new TokenEndpointFault("ExpiresIn missing",
						TokenEndpoint.json(200, "{\"AccessToken\":\"token-without-expiry\",\"TokenType\":\"Bearer\"}"),
						false, "HTTP 200 OK with no ExpiresIn", 200),
				new TokenEndpointFault("10 MB body",
						TokenEndpoint.json(200, "{\"AccessToken\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}"), false,
						"HTTP 200 OK with a body larger than the WebClient's buffer limit", 200),
				new TokenEndpointFault("redirect",
						aResponse().withStatus(307).withHeader("Location", "http://127.0.0.1:9/elsewhere"), false,
						"HTTP 307 Temporary Redirect to http://127.0.0.1:9/elsewhere; token requests never follow redirects", 307));
	}

}
