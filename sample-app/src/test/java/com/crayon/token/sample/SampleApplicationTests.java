package com.crayon.token.sample;

import java.util.Map;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.test.RecordedApiRequest;
import com.crayon.token.test.RecordedTokenRequest;
import com.crayon.token.test.TokenRequestOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * End-to-end tests: {@code GET /organizations} goes through {@link CrayonOrganizations}, an HTTP
 * service client in the {@code crayon} group, and the starter's token service to the Crayon API
 * simulator of {@link com.crayon.token.test.EnableCrayonApiSimulator}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests extends AbstractSampleApplicationTests {

	@Autowired
	private CrayonTokenService tokens;

	@Autowired
	private HttpServiceProxyRegistry httpServices;

	@Test
	void organizationsWhenSimulatorEnabledThenOrganizationsThroughStarter() {
		this.client.get()
			.uri("/organizations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.TotalHits")
			.isEqualTo(1)
			.jsonPath("$.Items.length()")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Id")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Name")
			.isEqualTo("Sample Organization");
	}

	@Test
	void crayonOrganizationsWhenRegisteredThenInTheCrayonGroupBackedByWebClient() {
		assertThat(this.httpServices.getClientTypesInGroup("crayon")).containsExactly(CrayonOrganizations.class);
		StepVerifier.create(this.httpServices.getClient("crayon", CrayonOrganizations.class).list())
			.assertNext((organizations) -> assertThat(organizations.items()).extracting(Organizations.Organization::name)
				.containsExactly("Sample Organization"))
			.verifyComplete();
	}

	@Test
	void organizationsWhenSimulatorRevokedTheTokenThenStarterFetchesNewTokenAndReplays(CapturedOutput output) {
		CrayonAccessToken before = this.tokens.getToken();
		this.simulator.reset();
		this.simulator.revokeIssuedTokens();
		this.client.get()
			.uri("/organizations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.Items[0].Name")
			.isEqualTo("Sample Organization");
		CrayonAccessToken after = this.tokens.getToken();
		assertThat(after).isNotEqualTo(before);
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::accessToken)
			.containsExactly(after.value());
		assertThat(this.simulator.apiRequests()).extracting(RecordedApiRequest::token, RecordedApiRequest::status)
			.containsExactly(tuple(before.value(), 401), tuple(after.value(), 200));
		assertThat(output).contains("Crayon API answered 401 to GET /api/v1/organizations/; replaying it once with a new token");
	}

	@Test
	void organizationsWhenTokenEndpointFailsOnceThenStarterRetriesAndAnswers() {
		this.tokens.invalidate(this.tokens.getToken());
		this.simulator.reset();
		this.simulator.failNextTokenRequests(1, 503);
		this.client.get().uri("/organizations").exchange().expectStatus().isOk();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.containsExactly(TokenRequestOutcome.INJECTED_FAILURE, TokenRequestOutcome.ISSUED);
	}

	@Test
	void simulatorWhenEnabledThenServedOnTheApplicationsOwnPort() {
		String token = this.client.post()
			.uri("/api/v1/connect/token")
			.headers((headers) -> headers.setBasicAuth("sample-client", "sample-secret"))
			.body(BodyInserters.fromFormData("grant_type", "password")
				.with("username", "sample-user")
				.with("password", "sample-password")
				.with("scope", "CustomerApi"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("AccessToken")
			.toString();
		this.client.get()
			.uri("/api/v1/organizations/")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.TotalHits")
			.isEqualTo(1);
		assertThat(this.simulator.tokenRequests()).isEmpty();
	}

	@Test
	void tokenWhenObtainedThenLoggedWithoutValueOrCredentials(CapturedOutput output) {
		this.tokens.invalidate(this.tokens.getToken());
		CrayonAccessToken token = this.tokens.getToken();
		assertThat(output).contains("Obtained CrayonAccessToken[tokenType=Bearer")
			.doesNotContain(token.value())
			.doesNotContain(this.simulator.clientSecret())
			.doesNotContain(this.simulator.password());
	}

}
