package com.crayon.token.application;

import java.util.List;

import com.crayon.token.TokenEndpoint;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * The Crayon API (token endpoint and organizations, on one WireMock server) and another origin
 * (a second server that must never see a token), both on 127.0.0.1, for application tests.
 */
final class CrayonApi implements AutoCloseable {

	static final String ORGANIZATIONS = "/api/v1/organizations/";

	static final String CRAYON_ORGANIZATIONS = "{\"TotalHits\":1,\"Items\":[{\"Id\":1,\"Name\":\"Crayon\"}]}";

	static final String OTHER_ORGANIZATIONS = "{\"TotalHits\":0,\"Items\":[]}";

	final TokenEndpoint crayon = new TokenEndpoint();

	final TokenEndpoint elsewhere = new TokenEndpoint();

	CrayonApi() {
		ResponseDefinitionBuilder[] tokens = new ResponseDefinitionBuilder[20];
		for (int i = 0; i < tokens.length; i++) {
			tokens[i] = TokenEndpoint.tokenResponse("token-" + (i + 1), 3600);
		}
		this.crayon.answerInTurn(tokens);
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(TokenEndpoint.json(401, "{\"ErrorCode\":\"Unauthorized\"}")));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", matching("Bearer token-\\d+"))
				.willReturn(TokenEndpoint.json(200, CRAYON_ORGANIZATIONS)));
		this.crayon.server()
			.stubFor(post(urlPathEqualTo(ORGANIZATIONS)).inScenario("post")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(TokenEndpoint.json(401, "{\"ErrorCode\":\"Unauthorized\"}"))
				.willSetStateTo("rejected once"));
		this.crayon.server()
			.stubFor(post(urlPathEqualTo(ORGANIZATIONS)).inScenario("post")
				.whenScenarioStateIs("rejected once")
				.willReturn(aResponse().withStatus(201)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"Id\":2,\"Name\":\"Created\"}")));
		this.elsewhere.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(TokenEndpoint.json(200, OTHER_ORGANIZATIONS)));
	}

	/** Point the application at this API, and the {@code other} HTTP service group elsewhere. */
	void register(DynamicPropertyRegistry registry) {
		registry.add("crayon.api.base-url", this.crayon::baseUrl);
		registry.add("crayon.api.client-id", () -> TokenEndpoint.CLIENT_ID);
		registry.add("crayon.api.client-secret", () -> TokenEndpoint.CLIENT_SECRET);
		registry.add("crayon.api.username", () -> TokenEndpoint.USERNAME);
		registry.add("crayon.api.password", () -> TokenEndpoint.PASSWORD);
		registry.add("spring.http.serviceclient.other.base-url", this.elsewhere::baseUrl);
	}

	/** Return the {@code Authorization} header of each {@code GET} of the organizations. */
	List<String> crayonGetAuthorizations() {
		return authorizations(this.crayon.server().findAll(getRequestedFor(urlPathEqualTo(ORGANIZATIONS))));
	}

	/** Return the {@code Authorization} header of each {@code POST} of an organization. */
	List<String> crayonPostAuthorizations() {
		return authorizations(this.crayon.server().findAll(postRequestedFor(urlPathEqualTo(ORGANIZATIONS))));
	}

	/** Return the bodies of the {@code POST}s of an organization. */
	List<String> crayonPostBodies() {
		return this.crayon.server()
			.findAll(postRequestedFor(urlPathEqualTo(ORGANIZATIONS)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.toList();
	}

	/** Return the {@code Authorization} header of every request the other origin received. */
	List<String> elsewhereAuthorizations() {
		return this.elsewhere.server()
			.getAllServeEvents()
			.stream()
			.map((event) -> String.valueOf(event.getRequest().getHeader("Authorization")))
			.toList();
	}

	private static List<String> authorizations(List<LoggedRequest> requests) {
		return requests.stream().map((request) -> String.valueOf(request.getHeader("Authorization"))).toList();
	}

	@Override
	public void close() {
		this.crayon.close();
		this.elsewhere.close();
	}

}
