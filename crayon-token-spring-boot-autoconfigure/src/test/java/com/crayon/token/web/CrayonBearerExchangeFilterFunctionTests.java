package com.crayon.token.web;

import java.net.URI;
import java.time.Duration;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.MutableClock;
import com.crayon.token.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrayonBearerExchangeFilterFunction} with a real token endpoint and API server.
 */
class CrayonBearerExchangeFilterFunctionTests {

	private static final String ORGANIZATIONS = "/api/v1/organizations/";

	private final TokenEndpoint crayon = new TokenEndpoint();

	private final TokenEndpoint foreign = new TokenEndpoint();

	private final CrayonTokenService tokens = this.crayon.serviceBuilder().build();

	private final CrayonBearerExchangeFilterFunction filter = new CrayonBearerExchangeFilterFunction(this.tokens,
			this.crayon.baseUrl());

	private final WebClient webClient = WebClient.builder().filter(this.filter).build();

	@AfterEach
	void stopServers() {
		this.crayon.close();
		this.foreign.close();
	}

	@Test
	void filterWhenCrayonApiThenAddsBearerToken() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		assertThat(call(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.OK);
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
	}

	@Test
	void filterWhenForeignOriginThenNoHeaderAndNoTokenRequest() {
		this.foreign.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		call(this.foreign.baseUrl() + ORGANIZATIONS);
		call("http://localhost:" + this.crayon.server().port() + ORGANIZATIONS);
		this.foreign.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", absent()));
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", absent()));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	@Test
	void filterWhenAuthorizationSetExplicitlyThenKeepsIt() {
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		this.webClient.get()
			.uri(this.crayon.baseUrl() + ORGANIZATIONS)
			.header("Authorization", "Bearer callers-own")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5));
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer callers-own")));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	@Test
	void isCrayonApiWhenOriginOrPathDiffersThenFalse() {
		CrayonBearerExchangeFilterFunction scoped = new CrayonBearerExchangeFilterFunction(this.tokens,
				"https://api.crayon.com/base/");
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com/base/api/v1/me/"))).isTrue();
		assertThat(scoped.isCrayonApi(URI.create("https://API.CRAYON.COM:443/base"))).isTrue();
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com/basement/api/v1/me/"))).isFalse();
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com/other"))).isFalse();
		assertThat(scoped.isCrayonApi(URI.create("http://api.crayon.com/base/api/v1/me/"))).isFalse();
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com:8443/base/api/v1/me/"))).isFalse();
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com.evil.example/base/"))).isFalse();
		assertThat(scoped.isCrayonApi(URI.create("https://evil.example/base/"))).isFalse();
	}

	@Test
	void filterWhenUnauthorizedThenRetriesOnceWithNewToken() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("revoked", 3600),
				TokenEndpoint.tokenResponse("fresh", 3600));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer revoked"))
				.willReturn(aResponse().withStatus(401).withBody("{\"ErrorCode\":\"Unauthorized\"}")));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer fresh"))
				.willReturn(aResponse().withStatus(200)));
		assertThat(call(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
		this.crayon.server().verify(2, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(this.tokens.getToken().value()).isEqualTo("fresh");
	}

	@Test
	void filterWhenUnauthorizedTwiceThenReturnsSecond401() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		assertThat(call(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		this.crayon.server().verify(2, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
	}

	@Test
	void filterWhenForbiddenThenNoRetry() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(403)));
		assertThat(call(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(this.crayon.tokenRequests()).isOne();
	}

	@Test
	void filterWhenApiRejectsEveryTokenThenOneTokenRequestPerReauthenticationWindow() {
		MutableClock clock = new MutableClock();
		WebClient webClient = webClient(this.crayon.serviceBuilder().clock(clock).ticker(clock).build());
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		for (int i = 0; i < 10; i++) {
			assertThat(call(webClient, this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		assertThat(this.crayon.tokenRequests()).as("one re-authentication in the window").isEqualTo(2);
		this.crayon.server().verify(11, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		this.crayon.server()
			.verify(10, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
		clock.advance(Duration.ofMillis(50));
		assertThat(call(webClient, this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.crayon.tokenRequests()).as("one more once the window has passed").isEqualTo(3);
	}

	@Test
	void filterWhenFreshTokenEqualsRejectedOneThenReturnsThe401WithoutReplay() {
		MutableClock clock = new MutableClock();
		WebClient webClient = webClient(this.crayon.serviceBuilder().clock(clock).ticker(clock).build());
		this.crayon.answer(TokenEndpoint.tokenResponse("always-the-same", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		assertThat(call(webClient, this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void filterWhenRequestOptsOutOfReplayThenOneShotBodyIsSentOnceAnd401Returned() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		this.crayon.server().stubFor(post(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		Sinks.Many<String> oneShot = Sinks.many().unicast().onBackpressureBuffer();
		oneShot.tryEmitNext("{\"Name\":\"written once\"}");
		oneShot.tryEmitComplete();
		Integer status = this.webClient.post()
			.uri(this.crayon.baseUrl() + ORGANIZATIONS)
			.attributes(CrayonRequestAttributes.withoutReplay())
			.body(oneShot.asFlux(), String.class)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(5));
		assertThat(status).isEqualTo(401);
		this.crayon.server()
			.verify(1, postRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withRequestBody(containing("written once")));
		assertThat(this.crayon.tokenRequests()).isOne();
	}

	@Test
	void filterWhenRequestOptsOutOfReplayAndIsRejectedThenNextRequestGetsNewToken() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1"))
				.willReturn(aResponse().withStatus(401)));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-2"))
				.willReturn(aResponse().withStatus(200)));
		assertThat(callWithoutReplay(this.webClient, this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(call(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.OK);
		this.crayon.server().verify(2, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
	}

	@Test
	void filterWhenRequestsOptOutOfReplayAndApiRejectsEveryTokenThenOneNewTokenPerReauthenticationWindow() {
		MutableClock clock = new MutableClock();
		WebClient webClient = webClient(this.crayon.serviceBuilder().clock(clock).ticker(clock).build());
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		for (int i = 0; i < 10; i++) {
			assertThat(callWithoutReplay(webClient, this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		this.crayon.server().verify(10, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
		this.crayon.server()
			.verify(9, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
		assertThat(this.crayon.tokenRequests()).as("one re-authentication in the window").isEqualTo(2);
		clock.advance(Duration.ofMillis(50));
		callWithoutReplay(webClient, this.crayon.baseUrl() + ORGANIZATIONS);
		callWithoutReplay(webClient, this.crayon.baseUrl() + ORGANIZATIONS);
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-3")));
		assertThat(this.crayon.tokenRequests()).as("one more once the window has passed").isEqualTo(3);
	}

	@Test
	void isCrayonApiWhenPathHasDotSegmentsThenFalse() {
		CrayonBearerExchangeFilterFunction scoped = new CrayonBearerExchangeFilterFunction(this.tokens,
				"https://gw.example/crayon");
		assertThat(scoped.isCrayonApi(URI.create("https://gw.example/crayon/api/v1/me/"))).isTrue();
		assertThat(scoped.isCrayonApi(URI.create("https://gw.example/crayon/..data/x"))).isTrue();
		assertThat(scoped.isCrayonApi(URI.create("https://gw.example/crayon/a;b/x"))).isTrue();
		for (String path : new String[] { "/crayon/../admin", "/crayon/%2e%2e/admin", "/crayon/%2E%2E/admin",
				"/crayon/.%2e/admin", "/crayon/%252e%252e/admin", "/crayon/./admin", "/crayon/..", "/crayon/x/..",
				"/crayon/..%2fadmin", "/crayon/..%5cadmin", "/crayon/%2e%2e%2fadmin", "/crayon/..;/admin",
				"/crayon/.%2e;x/admin" }) {
			assertThat(scoped.isCrayonApi(URI.create("https://gw.example" + path))).as(path).isFalse();
		}
	}

	@Test
	void filterWhenPathEscapesTheBasePathThenNoTokenSent() {
		CrayonBearerExchangeFilterFunction scoped = new CrayonBearerExchangeFilterFunction(this.tokens,
				this.crayon.baseUrl() + "/crayon");
		this.crayon.server().stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
		call(WebClient.builder().filter(scoped).build(), this.crayon.baseUrl() + "/crayon/%2e%2e/admin");
		this.crayon.server().verify(1, getRequestedFor(urlPathMatching("/.*")).withHeader("Authorization", absent()));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	private WebClient webClient(CrayonTokenService service) {
		return WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(service, this.crayon.baseUrl())).build();
	}

	private static ResponseEntity<Void> call(WebClient webClient, String url) {
		return webClient.get()
			.uri(url)
			.exchangeToMono((response) -> response.toBodilessEntity())
			.block(Duration.ofSeconds(5));
	}

	private static ResponseEntity<Void> callWithoutReplay(WebClient webClient, String url) {
		return webClient.get()
			.uri(url)
			.attributes(CrayonRequestAttributes.withoutReplay())
			.exchangeToMono((response) -> response.toBodilessEntity())
			.block(Duration.ofSeconds(5));
	}

	private ResponseEntity<Void> call(String url) {
		return call(this.webClient, url);
	}

}
