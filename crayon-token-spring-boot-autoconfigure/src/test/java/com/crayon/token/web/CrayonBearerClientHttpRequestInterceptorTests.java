package com.crayon.token.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.MutableClock;
import com.crayon.token.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link CrayonBearerClientHttpRequestInterceptor} on a {@code RestClient} and a
 * {@code RestTemplate}, with a real token endpoint and API server.
 */
class CrayonBearerClientHttpRequestInterceptorTests {

	private static final String ORGANIZATIONS = "/api/v1/organizations/";

	private static final int CONCURRENT_CALLS = 8;

	private static final String BODY = "{\"Name\":\"Contoso\",\"Lines\":[1,2,3]}";

	private final TokenEndpoint crayon = new TokenEndpoint();

	private final TokenEndpoint foreign = new TokenEndpoint();

	/** A token request that takes long on a loaded machine must not be retried: tests count them. */
	private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(30);

	private final CrayonTokenService tokens = this.crayon.serviceBuilder().timeout(TOKEN_TIMEOUT).build();

	private final CrayonBearerClientHttpRequestInterceptor interceptor = new CrayonBearerClientHttpRequestInterceptor(
			this.tokens, this.crayon.baseUrl());

	private final RestClient restClient = RestClient.builder().requestInterceptor(this.interceptor).build();

	@AfterEach
	void stopServers() {
		this.crayon.close();
		this.foreign.close();
	}

	@Test
	void interceptWhenCrayonApiThenAddsBearerToken() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		assertThat(send(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.OK);
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
	}

	@Test
	void interceptWhenRestTemplateThenAddsBearerToken() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(TokenEndpoint.json(200, "{}")));
		RestTemplate restTemplate = new RestTemplate();
		restTemplate.getInterceptors().add(this.interceptor);
		assertThat(restTemplate.getForObject(this.crayon.baseUrl() + ORGANIZATIONS, String.class)).isEqualTo("{}");
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
	}

	@Test
	void interceptWhenForeignOriginThenNoHeaderAndNoTokenRequest() {
		this.foreign.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		send(this.foreign.baseUrl() + ORGANIZATIONS);
		send("http://localhost:" + this.crayon.server().port() + ORGANIZATIONS);
		this.foreign.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", absent()));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", absent()));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	@Test
	void interceptWhenPathEscapesTheBasePathThenNoTokenSent() {
		RestClient scoped = RestClient.builder()
			.requestInterceptor(new CrayonBearerClientHttpRequestInterceptor(this.tokens, this.crayon.baseUrl() + "/crayon"))
			.build();
		this.crayon.server().stubFor(get(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200)));
		call(scoped, URI.create(this.crayon.baseUrl() + "/crayon/%2e%2e/admin"));
		this.crayon.server().verify(1, getRequestedFor(urlPathMatching("/.*")).withHeader("Authorization", absent()));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	@Test
	void isCrayonApiWhenOriginPathOrDotSegmentsDifferThenFalse() {
		CrayonBearerClientHttpRequestInterceptor scoped = new CrayonBearerClientHttpRequestInterceptor(this.tokens,
				"https://api.crayon.com/base/");
		assertThat(scoped.isCrayonApi(URI.create("https://api.crayon.com/base/api/v1/me/"))).isTrue();
		assertThat(scoped.isCrayonApi(URI.create("https://API.CRAYON.COM:443/base"))).isTrue();
		for (String url : new String[] { "https://api.crayon.com/basement/api/v1/me/", "http://api.crayon.com/base/x",
				"https://api.crayon.com:8443/base/x", "https://api.crayon.com.evil.example/base/",
				"https://api.crayon.com/base/../admin", "https://api.crayon.com/base/%2e%2e/admin",
				"https://api.crayon.com/base/..;/admin", "https://api.crayon.com/base/.%2e;x/admin" }) {
			assertThat(scoped.isCrayonApi(URI.create(url))).as(url).isFalse();
		}
	}

	@Test
	void interceptWhenAuthorizationSetExplicitlyThenKeepsIt() {
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		this.restClient.get()
			.uri(this.crayon.baseUrl() + ORGANIZATIONS)
			.header("Authorization", "Bearer callers-own")
			.retrieve()
			.toBodilessEntity();
		this.crayon.server()
			.verify(getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer callers-own")));
		assertThat(this.crayon.tokenRequests()).isZero();
	}

	@Test
	void interceptWhenUnauthorizedThenReplaysPostWithItsBodyOnceWithNewToken() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("revoked", 3600),
				TokenEndpoint.tokenResponse("fresh", 3600));
		this.crayon.server()
			.stubFor(post(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer revoked"))
				.willReturn(TokenEndpoint.json(401, "{\"ErrorCode\":\"Unauthorized\"}")));
		this.crayon.server()
			.stubFor(post(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer fresh"))
				.willReturn(TokenEndpoint.json(201, "{\"Id\":7}")));
		ResponseEntity<String> response = this.restClient.post()
			.uri(this.crayon.baseUrl() + ORGANIZATIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.body(BODY)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getBody()).isEqualTo("{\"Id\":7}");
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
		this.crayon.server()
			.verify(1, postRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer revoked")).withRequestBody(equalToJson(BODY)));
		this.crayon.server()
			.verify(1, postRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer fresh")).withRequestBody(equalToJson(BODY)));
		assertThat(this.tokens.getToken().value()).isEqualTo("fresh");
	}

	@Test
	void interceptWhenUnauthorizedTwiceThenReturnsSecond401() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		assertThat(send(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		this.crayon.server().verify(2, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
	}

	@Test
	void interceptWhenConcurrentRequestsOnColdCacheThenOneTokenRequest() throws Exception {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		TokenEndpoint.Gate gate = this.crayon.holdTokenAnswers();
		List<Future<Integer>> calls = sendConcurrently(this.restClient, CONCURRENT_CALLS);
		gate.awaitArrivals(1);
		gate.open();
		for (Future<Integer> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		}
		assertThat(this.crayon.tokenRequests()).isOne();
		this.crayon.server()
			.verify(CONCURRENT_CALLS, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
	}

	@Test
	void interceptWhenConcurrentRequestsAreRejectedThenOneReauthenticationAndEachReplayedOnce() throws Exception {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1"))
				.willReturn(aResponse().withStatus(401)));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-2"))
				.willReturn(aResponse().withStatus(200)));
		assertThat(this.tokens.getToken().value()).isEqualTo("token-1");
		CyclicBarrier allHoldTheFirstToken = new CyclicBarrier(CONCURRENT_CALLS);
		ClientHttpRequestInterceptor sendTogether = (request, body, execution) -> {
			if ("Bearer token-1".equals(request.getHeaders().getFirst("Authorization"))) {
				await(allHoldTheFirstToken);
			}
			return execution.execute(request, body);
		};
		RestClient restClient = RestClient.builder()
			.requestInterceptor(this.interceptor)
			.requestInterceptor(sendTogether)
			.build();
		for (Future<Integer> call : sendConcurrently(restClient, CONCURRENT_CALLS)) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
		}
		assertThat(this.crayon.tokenRequests()).as("one re-authentication for all of them").isEqualTo(2);
		this.crayon.server()
			.verify(CONCURRENT_CALLS, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
		this.crayon.server()
			.verify(CONCURRENT_CALLS, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
	}

	@Test
	void interceptWhenForbiddenThenNoReplay() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(403)));
		assertThat(send(this.crayon.baseUrl() + ORGANIZATIONS).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(this.crayon.tokenRequests()).isOne();
	}

	@Test
	void interceptWhenApiRejectsEveryTokenThenOneTokenRequestPerReauthenticationWindow() {
		MutableClock clock = new MutableClock();
		RestClient restClient = restClient(this.crayon.serviceBuilder().timeout(TOKEN_TIMEOUT).clock(clock).ticker(clock).build());
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		for (int i = 0; i < 10; i++) {
			assertThat(call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status()).isEqualTo(401);
		}
		assertThat(this.crayon.tokenRequests()).as("one re-authentication in the window").isEqualTo(2);
		this.crayon.server().verify(11, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		this.crayon.server()
			.verify(10, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-2")));
		clock.advance(Duration.ofMillis(50));
		assertThat(call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status()).isEqualTo(401);
		assertThat(this.crayon.tokenRequests()).as("one more once the window has passed").isEqualTo(3);
	}

	@Test
	void interceptWhenFreshTokenEqualsRejectedOneThenReturnsTheOriginal401Untouched() {
		MutableClock clock = new MutableClock();
		RestClient restClient = restClient(this.crayon.serviceBuilder().timeout(TOKEN_TIMEOUT).clock(clock).ticker(clock).build());
		this.crayon.answer(TokenEndpoint.tokenResponse("always-the-same", 3600));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)
				.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
				.withBody("{\"ErrorCode\":\"Unauthorized\",\"Message\":\"first answer\"}")));
		Answer answer = call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.body()).isEqualTo("{\"ErrorCode\":\"Unauthorized\",\"Message\":\"first answer\"}");
		assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(this.crayon.tokenRequests()).isEqualTo(2);
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void interceptWhenRequestOptsOutOfReplayThenSentOnceAnd401Returned() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		this.crayon.server().stubFor(post(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		Integer status = this.restClient.post()
			.uri(this.crayon.baseUrl() + ORGANIZATIONS)
			.attributes(CrayonRequestAttributes.withoutReplay())
			.contentType(MediaType.APPLICATION_JSON)
			.body(BODY)
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(401);
		this.crayon.server().verify(1, postRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(this.crayon.tokenRequests()).isOne();
	}

	@Test
	void interceptWhenRequestOptsOutOfReplayAndIsRejectedThenNextRequestGetsNewToken() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-1"))
				.willReturn(TokenEndpoint.json(401, "{\"ErrorCode\":\"Unauthorized\"}")));
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization", equalTo("Bearer token-2"))
				.willReturn(aResponse().withStatus(200)));
		Answer rejected = callWithoutReplay(this.restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS));
		assertThat(rejected.status()).isEqualTo(401);
		assertThat(rejected.body()).isEqualTo("{\"ErrorCode\":\"Unauthorized\"}");
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
		assertThat(call(this.restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status()).isEqualTo(200);
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
	void interceptWhenRequestsOptOutOfReplayAndApiRejectsEveryTokenThenOneNewTokenPerReauthenticationWindow() {
		MutableClock clock = new MutableClock();
		RestClient restClient = restClient(this.crayon.serviceBuilder().timeout(TOKEN_TIMEOUT).clock(clock).ticker(clock).build());
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		for (int i = 0; i < 10; i++) {
			assertThat(callWithoutReplay(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status())
				.isEqualTo(401);
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
		callWithoutReplay(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS));
		callWithoutReplay(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-3")));
		assertThat(this.crayon.tokenRequests()).as("one more once the window has passed").isEqualTo(3);
	}

	@Test
	void interceptWhenRenewalFailsThenCrayonTokenException() {
		this.crayon.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(401)));
		assertThatExceptionOfType(CrayonTokenException.class)
			.isThrownBy(() -> send(this.crayon.baseUrl() + ORGANIZATIONS))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void interceptWhenCredentialsRejectedThenCrayonTokenExceptionAndNothingSent() {
		this.crayon.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		assertThatExceptionOfType(CrayonTokenException.class)
			.isThrownBy(() -> send(this.crayon.baseUrl() + ORGANIZATIONS))
			.withMessageContaining("crayon.api.");
		this.crayon.server().verify(0, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void interceptWhenOnNonBlockingThreadThenFailsAtOnceNamingTokenAndSendsNothing() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		this.tokens.getToken();
		Throwable failure = catchThrowable(() -> Mono.fromCallable(() -> send(this.crayon.baseUrl() + ORGANIZATIONS))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(10)));
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("getToken() blocks")
			.hasMessageContaining("non-blocking thread parallel-")
			.hasMessageContaining("use token()");
		this.crayon.server().verify(0, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)));
	}

	@Test
	void interceptWhenOuterInterceptorSendsTheRequestAgainThenEachSendCarriesTheTokenAndCallerHeadersStayClean() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		List<String> seenByOuter = new ArrayList<>();
		ClientHttpRequestInterceptor sendTwice = (request, body, execution) -> {
			execution.execute(request, body).close();
			seenByOuter.add(String.valueOf(request.getHeaders().getFirst("Authorization")));
			ClientHttpResponse second = execution.execute(request, body);
			seenByOuter.add(String.valueOf(request.getHeaders().getFirst("Authorization")));
			return second;
		};
		RestClient restClient = RestClient.builder().requestInterceptor(sendTwice).requestInterceptor(this.interceptor).build();
		call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS));
		this.crayon.server()
			.verify(2, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
		assertThat(seenByOuter).containsExactly("null", "null");
	}

	@Test
	void interceptWhenOuterInterceptorHandsOnReadOnlyHeadersThenSendsTokenOnACopy() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ORGANIZATIONS)).willReturn(aResponse().withStatus(200)));
		ClientHttpRequestInterceptor readOnly = (request, body, execution) -> execution
			.execute(new HttpRequestWrapper(request) {

				@Override
				public HttpHeaders getHeaders() {
					return HttpHeaders.readOnlyHttpHeaders(request.getHeaders());
				}

			}, body);
		RestClient restClient = RestClient.builder().requestInterceptor(readOnly).requestInterceptor(this.interceptor).build();
		assertThat(call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status()).isEqualTo(200);
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ORGANIZATIONS)).withHeader("Authorization",
					equalTo("Bearer token-1")));
	}

	@Test
	void interceptWhenGeneralPurposeClientCallsOtherHostsThenTokenNeverLeaves() {
		this.crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.crayon.server().stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)));
		this.foreign.server().stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)));
		this.foreign.server().stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401)));
		send(this.crayon.baseUrl() + ORGANIZATIONS);
		for (String path : new String[] { ORGANIZATIONS, "/", "/api/v1/me/", "/api/v1/connect/token" }) {
			send(this.foreign.baseUrl() + path);
		}
		assertThat(call(this.restClient, URI.create(this.foreign.baseUrl() + ORGANIZATIONS), "POST").status())
			.isEqualTo(401);
		this.foreign.server().verify(5, anyRequestedFor(anyUrl()));
		this.foreign.server().verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer token-1")));
		this.foreign.server().verify(5, anyRequestedFor(anyUrl()).withHeader("Authorization", absent()));
		assertThat(this.crayon.tokenRequests()).isOne();
	}

	private List<Future<Integer>> sendConcurrently(RestClient restClient, int count) {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			List<Future<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				calls.add(executor.submit(() -> call(restClient, URI.create(this.crayon.baseUrl() + ORGANIZATIONS)).status()));
			}
			return calls;
		}
		finally {
			executor.shutdown();
		}
	}

	private static void await(CyclicBarrier barrier) throws java.io.IOException {
		try {
			barrier.await(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new java.io.IOException("Not every request got the first token", ex);
		}
	}

	private RestClient restClient(CrayonTokenService service) {
		return RestClient.builder()
			.requestInterceptor(new CrayonBearerClientHttpRequestInterceptor(service, this.crayon.baseUrl()))
			.build();
	}

	private ResponseEntity<Void> send(String url) {
		return this.restClient.get()
			.uri(URI.create(url))
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode()).build());
	}

	private static Answer call(RestClient restClient, URI url) {
		return call(restClient, url, "GET");
	}

	private static Answer call(RestClient restClient, URI url, String method) {
		RestClient.RequestBodySpec spec = restClient.method(HttpMethod.valueOf(method)).uri(url);
		if (method.equals("POST")) {
			spec.contentType(MediaType.APPLICATION_JSON).body(BODY);
		}
		return answer(spec);
	}

	private static Answer callWithoutReplay(RestClient restClient, URI url) {
		return answer(restClient.get().uri(url).attributes(CrayonRequestAttributes.withoutReplay()));
	}

	private static Answer answer(RestClient.RequestHeadersSpec<?> spec) {
		return spec.exchange((request, response) -> new Answer(response.getStatusCode().value(),
				StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8),
				response.getHeaders().getFirst("WWW-Authenticate")));
	}

	private record Answer(int status, String body, String wwwAuthenticate) {

	}

}
