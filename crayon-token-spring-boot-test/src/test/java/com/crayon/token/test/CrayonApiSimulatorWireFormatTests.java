package com.crayon.token.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the wire format of {@link CrayonApiSimulator}'s answers, over HTTP: what Crayon's "Get
 * Token" document and its resources describe, request by request.
 */
class CrayonApiSimulatorWireFormatTests {

	private static final String TOKEN_PATH = "/api/v1/connect/token";

	private static final String CLIENT_ID = CrayonApiSimulator.DEFAULT_CLIENT_ID;

	private static final String CLIENT_SECRET = CrayonApiSimulator.DEFAULT_CLIENT_SECRET;

	private final MutableClock clock = new MutableClock();

	private final CrayonApiSimulator simulator = CrayonApiSimulator.builder()
		.expiresIn(Duration.ofMinutes(2))
		.clock(this.clock)
		.start();

	private final WebTestClient client = WebTestClient.bindToServer().baseUrl(this.simulator.baseUrl()).build();

	@AfterEach
	void closeSimulator() {
		this.simulator.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { TOKEN_PATH, TOKEN_PATH + "/" })
	void tokenWhenRequestAsDocumentedThenPascalCaseTokenResponse(String path) {
		Map<String, Object> body = this.client.post()
			.uri(path)
			.headers((headers) -> documentedHeaders(headers, CLIENT_SECRET))
			.body(BodyInserters.fromFormData(form()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(body).containsOnlyKeys("AccessToken", "IdentityToken", "Error", "ExpiresIn", "TokenType",
				"RefreshToken");
		assertThat(body.get("AccessToken")).asString().hasSizeGreaterThanOrEqualTo(32);
		assertThat(body).containsEntry("IdentityToken", null)
			.containsEntry("Error", null)
			.containsEntry("ExpiresIn", 120)
			.containsEntry("TokenType", "Bearer")
			.containsEntry("RefreshToken", null);
	}

	@Test
	void tokenWhenNoAcceptHeaderThenToken() {
		this.client.post()
			.uri(TOKEN_PATH)
			.headers((headers) -> headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET))
			.body(BodyInserters.fromFormData(form()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.AccessToken")
			.isNotEmpty();
	}

	@Test
	void tokenWhenClientSecretWrongThenUnauthorizedInvalidClient() {
		postToken("wrong-secret", form()).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client")
			.jsonPath("$.error_description")
			.doesNotExist();
	}

	@Test
	void tokenWhenNoAuthorizationThenUnauthorizedInvalidClient() {
		this.client.post()
			.uri(TOKEN_PATH)
			.body(BodyInserters.fromFormData(form()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
	}

	@ParameterizedTest(name = "{0}={1} -> {2}")
	@CsvSource({ "password, wrong-password, invalid_grant", "username, someone-else, invalid_grant",
			"grant_type, client_credentials, invalid_grant", "scope, OtherApi, invalid_scope" })
	void tokenWhenFormFieldWrongThenBadRequestWithOAuthError(String field, String value, String error) {
		MultiValueMap<String, String> form = form();
		form.set(field, value);
		expectOAuthError(postToken(CLIENT_SECRET, form), error);
	}

	@ParameterizedTest
	@ValueSource(strings = { "grant_type", "username", "password", "scope" })
	void tokenWhenFieldMissingThenBadRequestInvalidRequest(String field) {
		MultiValueMap<String, String> form = form();
		form.remove(field);
		expectOAuthError(postToken(CLIENT_SECRET, form), "invalid_request");
	}

	@Test
	void tokenWhenFieldRepeatedThenBadRequestInvalidRequest() {
		MultiValueMap<String, String> form = form();
		form.add("scope", "CustomerApi");
		expectOAuthError(postToken(CLIENT_SECRET, form), "invalid_request");
	}

	@Test
	void tokenWhenJsonBodyThenBadRequestInvalidRequest() {
		expectOAuthError(this.client.post()
			.uri(TOKEN_PATH)
			.headers((headers) -> headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(form().toSingleValueMap())
			.exchange(), "invalid_request");
	}

	@Test
	void tokenWhenAcceptExcludesJsonThenNotAcceptable() {
		this.client.post()
			.uri(TOKEN_PATH)
			.headers((headers) -> {
				headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET);
				headers.setAccept(List.of(MediaType.TEXT_HTML));
			})
			.body(BodyInserters.fromFormData(form()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_ACCEPTABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/organizations", "/api/v1/organizations/" })
	void organizationsWhenTokenValidThenOrganizations(String path) {
		String token = issueToken();
		this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.TotalHits")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Id")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Name")
			.isEqualTo("Sample Organization");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/me", "/api/v1/me/" })
	void meWhenTokenValidThenUser(String path) {
		String token = issueToken();
		this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.UserName")
			.isEqualTo(CrayonApiSimulator.DEFAULT_USERNAME)
			.jsonPath("$.Id")
			.isNotEmpty()
			.jsonPath("$.Organization.Name")
			.isEqualTo("Sample Organization");
	}

	@Test
	void organizationsWhenNoTokenThenUnauthorized() {
		expectUnauthorized(this.client.get().uri("/api/v1/organizations/").exchange());
	}

	@Test
	void organizationsWhenBogusTokenThenUnauthorized() {
		expectUnauthorized(this.client.get()
			.uri("/api/v1/organizations/")
			.headers((headers) -> headers.setBearerAuth("not-a-token-the-simulator-issued"))
			.exchange());
	}

	@Test
	void organizationsWhenBasicCredentialsInsteadOfTokenThenUnauthorized() {
		expectUnauthorized(this.client.get()
			.uri("/api/v1/organizations/")
			.headers((headers) -> headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET))
			.exchange());
	}

	@Test
	void organizationsWhenTokenCloseToExpiryThenOrganizations() {
		String token = issueToken();
		this.clock.advance(Duration.ofSeconds(110));
		this.client.get()
			.uri("/api/v1/organizations/")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void organizationsWhenTokenExpiredThenUnauthorized() {
		String token = issueToken();
		this.clock.advance(Duration.ofMinutes(2));
		expectUnauthorized(this.client.get()
			.uri("/api/v1/organizations/")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange());
	}

	@Test
	void meWhenTokenExpiredThenUnauthorized() {
		String token = issueToken();
		this.clock.advance(Duration.ofMinutes(5));
		expectUnauthorized(
				this.client.get().uri("/api/v1/me/").headers((headers) -> headers.setBearerAuth(token)).exchange());
	}

	private String issueToken() {
		Map<String, Object> body = postToken(CLIENT_SECRET, form()).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return (String) body.get("AccessToken");
	}

	private ResponseSpec postToken(String clientSecret, MultiValueMap<String, String> form) {
		return this.client.post()
			.uri(TOKEN_PATH)
			.headers((headers) -> documentedHeaders(headers, clientSecret))
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private static void documentedHeaders(HttpHeaders headers, String clientSecret) {
		headers.setBasicAuth(CLIENT_ID, clientSecret);
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
	}

	private static MultiValueMap<String, String> form() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "password");
		form.add("username", CrayonApiSimulator.DEFAULT_USERNAME);
		form.add("password", CrayonApiSimulator.DEFAULT_PASSWORD);
		form.add("scope", "CustomerApi");
		return form;
	}

	private static void expectOAuthError(ResponseSpec response,
			String error) {
		response.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo(error)
			.jsonPath("$.error_description")
			.isNotEmpty()
			.jsonPath("$.AccessToken")
			.doesNotExist();
	}

	private static void expectUnauthorized(ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.ErrorCode")
			.isEqualTo("Unauthorized")
			.jsonPath("$.Message")
			.isNotEmpty();
	}

}
