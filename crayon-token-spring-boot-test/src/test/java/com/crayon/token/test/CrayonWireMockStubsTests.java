package com.crayon.token.test;

import java.time.Duration;
import java.util.List;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link CrayonWireMockStubs} on a real {@link WireMockServer}, with the starter's token service.
 */
class CrayonWireMockStubsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WireMockServer wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final CrayonWireMockStubs stubs = CrayonWireMockStubs.create()
		.withClient("my-client", "my-secret")
		.withUser("alice", "s3cret")
		.withExpiresIn(Duration.ofMinutes(20))
		.withAccessToken("stubbed-token");

	@BeforeEach
	void start() {
		this.wireMock.start();
	}

	@AfterEach
	void stop() {
		this.wireMock.stop();
	}

	@Test
	void tokenWhenStarterRequestsItThenStubbedTokenWithExpiresIn() {
		List<StubMapping> mappings = this.stubs.registerOn(this.wireMock);
		assertThat(mappings).hasSize(3);
		CrayonAccessToken token = tokenService("my-secret", "s3cret").getToken();
		assertThat(token.value()).isEqualTo("stubbed-token").isEqualTo(this.stubs.accessToken());
		assertThat(token.tokenType()).isEqualTo("Bearer");
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(20));
		this.wireMock.verify(1, WireMock.postRequestedFor(WireMock.urlPathEqualTo(CrayonApiSimulator.TOKEN_PATH))
			.withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("my-client", "my-secret")));
	}

	@Test
	void organizationsWhenApiStubbedForTheTokenThenBearerFilterReachesIt() {
		this.stubs.registerOn(this.wireMock);
		this.wireMock.stubFor(WireMock.get("/api/v1/organizations/")
			.withHeader("Authorization", WireMock.equalTo("Bearer " + this.stubs.accessToken()))
			.willReturn(WireMock.okJson("{\"TotalHits\":0,\"Items\":[]}")));
		CrayonTokenService tokens = tokenService("my-secret", "s3cret");
		String body = WebClient.builder()
			.baseUrl(this.wireMock.baseUrl())
			.filter(new CrayonBearerExchangeFilterFunction(tokens, this.wireMock.baseUrl()))
			.build()
			.get()
			.uri("/api/v1/organizations/")
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);
		assertThat(body).contains("\"TotalHits\":0");
	}

	@Test
	void tokenWhenPasswordWrongThenCredentialsRejectedWithInvalidGrant() {
		this.stubs.registerOn(this.wireMock);
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("my-secret", "wrong").getToken());
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
		assertThat(failure.getStatusCode().value()).isEqualTo(400);
		assertThat(failure.getErrorText()).contains("invalid_grant");
	}

	@Test
	void tokenWhenClientSecretWrongThenUnauthorizedInvalidClient() {
		this.stubs.registerOn(this.wireMock);
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("wrong", "s3cret").getToken());
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
		assertThat(failure.getStatusCode().value()).isEqualTo(401);
		assertThat(failure.getErrorText()).contains("invalid_client");
	}

	@Test
	void tokenWhenCredentialsRejectedOnPurposeThenInvalidGrantUntilStubRemoved() {
		this.stubs.registerOn(this.wireMock);
		StubMapping rejection = this.stubs.rejectCredentials(this.wireMock);
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("my-secret", "s3cret").getToken());
		assertThat(failure.getErrorText()).contains("invalid_grant");
		this.wireMock.removeStub(rejection);
		assertThat(tokenService("my-secret", "s3cret").getToken().value()).isEqualTo("stubbed-token");
	}

	@Test
	void tokenWhenJsonBodyInsteadOfFormThenNotTheTokenStub() {
		this.stubs.registerOn(this.wireMock);
		assertThat(post(MediaType.APPLICATION_JSON, "{\"grant_type\":\"password\",\"username\":\"alice\","
				+ "\"password\":\"s3cret\",\"scope\":\"CustomerApi\"}")).isEqualTo(400);
	}

	@Test
	void tokenWhenFieldRepeatedThenNotTheTokenStub() {
		this.stubs.registerOn(this.wireMock);
		assertThat(post(MediaType.APPLICATION_FORM_URLENCODED,
				"grant_type=password&username=alice&password=s3cret&scope=CustomerApi&scope=CustomerApi"))
			.isEqualTo(400);
		assertThat(post(MediaType.APPLICATION_FORM_URLENCODED,
				"grant_type=password&username=alice&password=s3cret&scope=CustomerApi")).isEqualTo(200);
	}

	@Test
	void mappingsWhenRegisteredThroughWireMockClientThenTokenServed() {
		WireMock client = new WireMock("127.0.0.1", this.wireMock.port());
		this.stubs.mappings().forEach(client::register);
		assertThat(tokenService("my-secret", "s3cret").getToken().value()).isEqualTo("stubbed-token");
	}

	private CrayonTokenService tokenService(String clientSecret, String password) {
		return CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.wireMock.baseUrl()),
				CrayonCredentials.of("my-client", clientSecret, "alice", password));
	}

	private int post(MediaType contentType, String body) {
		return WebClient.create(this.wireMock.baseUrl())
			.post()
			.uri(CrayonApiSimulator.TOKEN_PATH)
			.headers((headers) -> headers.setBasicAuth("my-client", "my-secret"))
			.contentType(contentType)
			.body(BodyInserters.fromValue(body))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(TIMEOUT);
	}

}
