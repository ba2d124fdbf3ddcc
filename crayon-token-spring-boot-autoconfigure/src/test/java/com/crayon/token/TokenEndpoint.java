package com.crayon.token;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A WireMock server on 127.0.0.1 playing the Crayon API: its token endpoint and, for filter
 * tests, its resources.
 */
public final class TokenEndpoint implements AutoCloseable {

	public static final String CLIENT_ID = "test-client";

	public static final String CLIENT_SECRET = "s3cr3t-Client-Value";

	public static final String USERNAME = "api-user@example.com";

	public static final String PASSWORD = "P4ssw0rd-Of-The-User";

	public static final String TOKEN_PATH = "/api/v1/connect/token";

	private final WireMockServer server;

	public TokenEndpoint() {
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.notifier(new Slf4jNotifier(false))
			.containerThreads(64)
			.jettyAcceptors(2));
		this.server.start();
	}

	public WireMockServer server() {
		return this.server;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public CrayonTokenService.Builder serviceBuilder() {
		return CrayonTokenService.builder()
			.baseUrl(baseUrl())
			.client(CLIENT_ID, CLIENT_SECRET)
			.user(USERNAME, PASSWORD)
			.timeout(java.time.Duration.ofSeconds(2))
			.retry(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50));
	}

	public static String tokenJson(String accessToken, long expiresIn) {
		return "{\"AccessToken\":\"" + accessToken + "\",\"IdentityToken\":null,\"Error\":null,\"ExpiresIn\":"
				+ expiresIn + ",\"TokenType\":\"Bearer\",\"RefreshToken\":null}";
	}

	public static ResponseDefinitionBuilder tokenResponse(String accessToken, long expiresIn) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody(tokenJson(accessToken, expiresIn));
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static MappingBuilder tokenRequest() {
		return post(urlPathEqualTo(TOKEN_PATH));
	}

	/** Answer every token request with the given response. */
	public void answer(ResponseDefinitionBuilder response) {
		this.server.stubFor(tokenRequest().willReturn(response));
	}

	/** Answer successive token requests with the given responses, the last one repeating. */
	public void answerInTurn(ResponseDefinitionBuilder... responses) {
		String state = Scenario.STARTED;
		for (int i = 0; i < responses.length; i++) {
			String next = (i == responses.length - 1) ? state : "answer-" + (i + 1);
			this.server.stubFor(tokenRequest().inScenario("tokens")
				.whenScenarioStateIs(state)
				.willReturn(responses[i])
				.willSetStateTo(next));
			state = next;
		}
	}

	public int tokenRequests() {
		return this.server.countRequestsMatching(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).build()).getCount();
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
