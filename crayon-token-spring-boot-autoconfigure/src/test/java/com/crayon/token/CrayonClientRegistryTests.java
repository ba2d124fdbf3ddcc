package com.crayon.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import com.crayon.token.web.CrayonClient;
import com.crayon.token.web.CrayonClientRequestValuesProcessor;
import com.crayon.token.web.CrayonRequestAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Several clients against one token endpoint that issues each user its own tokens and whose
 * {@code GET /api/v1/me/} answers the user a bearer token was issued to.
 */
class CrayonClientRegistryTests {

	private static final String ME = "/api/v1/me/";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void clientsWhenConfiguredThenEachRequestCarriesItsOwnClientsToken() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
		assertThat(me(webClient, "prod")).contains("alice");
		assertThat(me(webClient, "demo")).contains("bob");
		assertThat(me(webClient, "prod")).contains("alice");
		assertThat(this.endpoint.tokenRequestsFor("alice")).isOne();
		assertThat(this.endpoint.tokenRequestsFor("bob")).isOne();
		assertThat(clients.defaultName()).as("two clients, none named default").isNull();
		assertThat(clients.names()).containsExactlyInAnyOrder("prod", "demo");
	}

	@Test
	void clientsWhenRequestNamesNoneAndNoDefaultThenSentUntouched() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
		assertThat(status(webClient.get().uri(this.endpoint.baseUrl() + ME))).isEqualTo(401);
		assertThat(this.endpoint.tokenRequests()).isZero();
	}

	@Test
	void clientsWhenRequestNamesUnknownClientThenFailsNamingIt() {
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).client("prod", settings(), credentials("alice")).build();
		WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> webClient.get()
				.uri(this.endpoint.baseUrl() + ME)
				.attributes(CrayonRequestAttributes.crayonClient("nope"))
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(10)))
			.withMessageContaining("No Crayon client named 'nope'");
		assertThatIllegalArgumentException().isThrownBy(() -> clients.get("nope"))
			.withMessageContaining("No Crayon client named 'nope'")
			.withMessageContaining("[prod]");
	}

	@Test
	void clientWhenNamedForARequestOutsideItsBaseUrlWithWebClientThenRequestFailsUnsentNamingClientAndUrls() {
		try (TokenEndpoint elsewhere = new TokenEndpoint()) {
			this.endpoint.issuePerUser("alice");
			elsewhere.server().stubFor(get(urlPathEqualTo(ME)).willReturn(aResponse().withStatus(200)));
			CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).client("prod", settings(), credentials("alice")).build();
			WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> webClient.get()
					.uri(elsewhere.baseUrl() + ME + "?code=q-value")
					.attributes(CrayonRequestAttributes.crayonClient("prod"))
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(10)))
				.satisfies((ex) -> assertOutOfScopeMessage(ex.getMessage(), elsewhere));
			assertThat(elsewhere.server().getAllServeEvents()).as("the request is not sent").isEmpty();
			assertThat(this.endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void clientWhenNamedForARequestOutsideItsBaseUrlWithRestClientThenRequestFailsUnsentNamingClientAndUrls() {
		try (TokenEndpoint elsewhere = new TokenEndpoint()) {
			this.endpoint.issuePerUser("alice");
			elsewhere.server().stubFor(get(urlPathEqualTo(ME)).willReturn(aResponse().withStatus(200)));
			CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).client("prod", settings(), credentials("alice")).build();
			RestClient restClient = RestClient.builder()
				.requestInterceptor(new CrayonBearerClientHttpRequestInterceptor(clients))
				.build();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> restClient.get()
					.uri(elsewhere.baseUrl() + ME + "?code=q-value")
					.attributes(CrayonRequestAttributes.crayonClient("prod"))
					.retrieve()
					.toBodilessEntity())
				.satisfies((ex) -> assertOutOfScopeMessage(ex.getMessage(), elsewhere));
			assertThat(elsewhere.server().getAllServeEvents()).as("the request is not sent").isEmpty();
			assertThat(this.endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void clientWhenNoneNamedAndRequestOutsideTheDefaultsBaseUrlThenSentUntouched() {
		try (TokenEndpoint elsewhere = new TokenEndpoint()) {
			this.endpoint.issuePerUser("alice");
			elsewhere.server().stubFor(get(urlPathEqualTo(ME)).willReturn(aResponse().withStatus(200)));
			CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).client("prod", settings(), credentials("alice")).build();
			RestClient restClient = RestClient.builder()
				.requestInterceptor(new CrayonBearerClientHttpRequestInterceptor(clients))
				.build();
			WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
			restClient.get().uri(elsewhere.baseUrl() + ME).retrieve().toBodilessEntity();
			webClient.get().uri(elsewhere.baseUrl() + ME).retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
			elsewhere.server()
				.verify(2, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(ME))
					.withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.absent()));
			assertThat(this.endpoint.tokenRequests()).isZero();
		}
	}

	private void assertOutOfScopeMessage(String message, TokenEndpoint elsewhere) {
		assertThat(message).contains("'prod'")
			.contains(this.endpoint.baseUrl())
			.contains(elsewhere.baseUrl() + ME)
			.doesNotContain("q-value")
			.doesNotContain("?");
	}

	@Test
	void registerWhenThousandClientsThenOneTokenRequestEachAndNoneOnTheNextRound() {
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			users.add("partner-" + i);
		}
		this.endpoint.issuePerUser(users.toArray(String[]::new));
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).defaults(settings()).build();
		users.forEach((user) -> clients.register(user, credentials(user, TokenEndpoint.PASSWORD)));
		for (int round = 0; round < 2; round++) {
			List<String> values = Flux.fromIterable(users)
				.flatMap((user) -> clients.get(user).token().map(CrayonAccessToken::value), 64)
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(values).hasSize(1000).allSatisfy((value) -> assertThat(value).endsWith("-1"));
			assertThat(new HashSet<>(values)).hasSize(1000);
			assertThat(this.endpoint.tokenRequests()).as("after round %s", round).isEqualTo(1000);
		}
		for (String user : List.of("partner-0", "partner-500", "partner-999")) {
			assertThat(this.endpoint.userOf(clients.get(user).getToken().value())).isEqualTo(user);
		}
		assertThat(cache(clients).size()).isEqualTo(1000);
	}

	@Test
	void registerWhenRegisteredAgainWithNewCredentialsThenTheSameServiceNeverHandsOutTheOldToken() {
		this.endpoint.issuePerUser("alice", "alice-rotated");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).defaults(settings()).build();
		CrayonTokenService before = clients.register("partner", credentials("alice", "old-password"));
		String oldToken = before.getToken().value();
		CrayonTokenService after = clients.register("partner", credentials("alice-rotated", "new-password"));
		assertThat(after).as("whoever holds the service gets the new credentials' token").isSameAs(before);
		assertThat(clients.get("partner")).isSameAs(after);
		String newToken = before.getToken().value();
		assertThat(newToken).isNotEqualTo(oldToken);
		assertThat(this.endpoint.userOf(newToken)).isEqualTo("alice-rotated");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void removeWhenClientRemovedThenGoneWithItsToken() {
		this.endpoint.issuePerUser("alice");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).defaults(settings()).build();
		CrayonTokenService partner = clients.register("partner", credentials("alice", TokenEndpoint.PASSWORD));
		partner.getToken();
		assertThat(cache(clients).size()).isOne();
		assertThat(clients.remove("partner")).isTrue();
		assertThat(clients.remove("partner")).isFalse();
		assertThat(clients.find("partner")).isNull();
		assertThat(cache(clients).size()).isZero();
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(partner::getToken)
			.withMessageContaining("is closed");
	}

	@Test
	void registerWhenNameIsAConfiguredClientThenRefused() {
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.defaults(settings())
			.build();
		assertThatIllegalStateException()
			.isThrownBy(() -> clients.register("prod", credentials("mallory", TokenEndpoint.PASSWORD)))
			.withMessageContaining("'prod' is a configured client");
		clients.register("tenant", credentials("bob", TokenEndpoint.PASSWORD));
		assertThatIllegalStateException()
			.isThrownBy(() -> clients.configure("tenant", settings(), credentials("mallory", TokenEndpoint.PASSWORD)))
			.withMessageContaining("'tenant' is a client registered at run time");
	}

	@Test
	void configureWhenClientAddedOrRemovedAtRunTimeThenItIsAConfiguredClientUntilRemoved() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.build();
		CrayonTokenService demo = clients.configure("demo", settings(), credentials("bob"));
		assertThat(clients.configuredNames()).containsExactly("demo", "prod");
		assertThat(this.endpoint.userOf(demo.getToken().value())).isEqualTo("bob");
		assertThat(clients.configure("demo", settings(), credentials("bob"))).isSameAs(demo);
		assertThat(clients.remove("prod")).isTrue();
		assertThat(clients.configuredNames()).containsExactly("demo");
		assertThat(clients.find("prod")).isNull();
	}

	@Test
	void unauthorizedWhenOneClientsTokenRejectedThenOtherClientsKeepTheirs() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		CrayonAccessToken demoToken = clients.get("demo").getToken();
		CrayonAccessToken prodToken = clients.get("prod").getToken();
		this.endpoint.server()
			.stubFor(get(urlPathEqualTo(ME)).atPriority(1)
				.withHeader("Authorization", equalTo("Bearer " + prodToken.value()))
				.willReturn(aResponse().withStatus(401)));
		WebClient webClient = WebClient.builder().filter(new CrayonBearerExchangeFilterFunction(clients)).build();
		assertThat(me(webClient, "prod")).contains("alice");
		assertThat(clients.get("prod").getToken()).isNotEqualTo(prodToken);
		assertThat(clients.get("demo").getToken()).isSameAs(demoToken);
		assertThat(this.endpoint.tokenRequestsFor("alice")).isEqualTo(2);
		assertThat(this.endpoint.tokenRequestsFor("bob")).isOne();
	}

	@Test
	void tokenWhenOneClientsRequestIsHeldThenOtherClientsAreNotHeldBehindIt() throws Exception {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswersFor("alice");
		CompletableFuture<CrayonAccessToken> prod = clients.get("prod").token().toFuture();
		gate.awaitArrivals(1);
		assertThat(clients.get("demo").token().block(Duration.ofSeconds(10)).value()).startsWith("token-of-bob");
		assertThat(prod).isNotDone();
		gate.open();
		assertThat(prod.get(10, TimeUnit.SECONDS).value()).startsWith("token-of-alice");
	}

	@Test
	void idleTimeoutWhenClientNotAskedThenTokenDroppedWhileBusyClientKeepsIt() {
		this.endpoint.issuePerUser("idle", "busy");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.defaults(settings())
			.idleTimeout(Duration.ofMinutes(10))
			.build();
		CrayonTokenService idle = clients.register("idle", credentials("idle", TokenEndpoint.PASSWORD));
		CrayonTokenService busy = clients.register("busy", credentials("busy", TokenEndpoint.PASSWORD));
		idle.getToken();
		CrayonAccessToken busyToken = busy.getToken();
		// the cache records a slot's expiry just after waking its callers: wait for it before time moves
		for (String name : List.of("idle", "busy")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cache(clients).expiresAfter((ClientTokenService) clients.get(name)),
						(left) -> left != null && left.compareTo(Duration.ofMinutes(10)) <= 0);
		}
		for (int minute = 0; minute < 30; minute++) {
			this.clock.advance(Duration.ofMinutes(1));
			assertThat(busy.getToken()).isSameAs(busyToken);
		}
		assertThat(cache(clients).size()).as("only the busy client's token is held").isOne();
		assertThat(this.endpoint.tokenRequestsFor("busy")).isOne();
		idle.getToken();
		assertThat(this.endpoint.tokenRequestsFor("idle")).as("asked again after the idle timeout").isEqualTo(2);
	}

	@Test
	void tokenWhenManyClientsStartTogetherThenAtMostMaxConcurrentRequestsReachTheEndpoint() {
		String[] users = IntStream.range(0, 40).mapToObj((i) -> "tenant-" + i).toArray(String[]::new);
		this.endpoint.issuePerUser(users);
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock).defaults(settings()).maxConcurrentRequests(3).build();
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		List<CompletableFuture<CrayonAccessToken>> calls = Arrays.stream(users)
			.map((user) -> clients.register(user, credentials(user, TokenEndpoint.PASSWORD)).token().toFuture())
			.toList();
		gate.awaitArrivals(3);
		gate.open();
		for (int i = 0; i < users.length; i++) {
			assertThat(this.endpoint.userOf(calls.get(i).join().value())).isEqualTo(users[i]);
		}
		assertThat(this.endpoint.peakConcurrentTokenRequests()).isEqualTo(3);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(users.length);
	}

	@Test
	void httpInterfaceWhenAnnotatedWithCrayonClientThenCarriesThatClientsToken() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		WebClient webClient = WebClient.builder()
			.baseUrl(this.endpoint.baseUrl())
			.filter(new CrayonBearerExchangeFilterFunction(clients, "prod"))
			.build();
		HttpServiceProxyFactory factory = HttpServiceProxyFactory.builderFor(WebClientAdapter.create(webClient))
			.httpRequestValuesProcessor(CrayonClientRequestValuesProcessor.forServiceTypes(Me.class, DemoMe.class))
			.build();
		Me me = factory.createClient(Me.class);
		assertThat(me.prodUser()).contains("alice");
		assertThat(me.demoUser()).contains("bob");
		assertThat(factory.createClient(DemoMe.class).user()).contains("bob");
	}

	@Test
	void httpInterfaceWhenSubInterfaceAnnotatedWithCrayonClientThenInheritedMethodsCarryThatClientsToken() {
		this.endpoint.issuePerUser("alice", "bob");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		WebClient webClient = WebClient.builder()
			.baseUrl(this.endpoint.baseUrl())
			.filter(new CrayonBearerExchangeFilterFunction(clients, "prod"))
			.build();
		HttpServiceProxyFactory factory = HttpServiceProxyFactory.builderFor(WebClientAdapter.create(webClient))
			.httpRequestValuesProcessor(CrayonClientRequestValuesProcessor.forServiceTypes(DemoUsers.class))
			.build();
		assertThat(factory.createClient(DemoUsers.class).user()).contains("bob");
		assertThat(this.endpoint.tokenRequestsFor("alice")).as("the default client's token never asked").isZero();
	}

	private String me(WebClient webClient, String client) {
		return webClient.get()
			.uri(this.endpoint.baseUrl() + ME)
			.attributes(CrayonRequestAttributes.crayonClient(client))
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	private static int status(WebClient.RequestHeadersSpec<?> request) {
		return request.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	/**
	 * Return the cache the registry's clients share, to see what it holds.
	 */
	private static TokenCache cache(CrayonClientRegistry clients) {
		return (TokenCache) Objects.requireNonNull(ReflectionTestUtils.getField(clients, "cache"));
	}

	private CrayonClientSettings settings() {
		return this.endpoint.serviceBuilder().settings();
	}

	private static CrayonCredentials credentials(String user) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, user, TokenEndpoint.PASSWORD);
	}

	private static CrayonCredentials credentials(String user, String password) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, user, password);
	}

	/**
	 * An HTTP interface whose methods name their clients.
	 */
	interface Me {

		@GetExchange(ME)
		String prodUser();

		@CrayonClient("demo")
		@GetExchange(ME)
		String demoUser();

	}

	/**
	 * An HTTP interface whose type names its client.
	 */
	@CrayonClient("demo")
	interface DemoMe {

		@GetExchange(ME)
		String user();

	}

	/**
	 * An HTTP interface that names no client.
	 */
	interface Users {

		@GetExchange(ME)
		String user();

	}

	/**
	 * An HTTP interface whose type names its client for the methods it inherits.
	 */
	@CrayonClient("demo")
	interface DemoUsers extends Users {

	}

}
