package com.crayon.token;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.crayon.token.CrayonTokenException.Reason;
import com.crayon.token.redis.RedisCrayonTokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Many clients of one registry while their token endpoint is down: once it counts as down, the
 * callers of other clients fail at once instead of queueing behind failing requests, and one
 * request at a time finds out when it is back.
 */
class TokenEndpointOutageTests {

	private static final int TENANTS = 10;

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void tokenWhenEndpointDownForSeveralClientsThenOthersFailAtOnceUnsentAndAllRecoverAfterOneProbe() {
		this.endpoint.answer(TokenEndpoint.json(503, "{\"Message\":\"maintenance\"}"));
		CrayonClientRegistry clients = registry(CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS);
		for (int i = 0; i < TokenEndpointBreaker.CLIENTS_TO_OPEN; i++) {
			assertThat(failure(clients, i)).as("tenant-%d's own request", i)
				.hasMessageNotContaining("the endpoint is down");
		}
		assertThat(this.endpoint.tokenRequests()).isEqualTo(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		for (int i = TokenEndpointBreaker.CLIENTS_TO_OPEN; i < TENANTS; i++) {
			CrayonTokenException refused = failure(clients, i);
			assertThat(refused.getReason()).isEqualTo(Reason.SERVER_ERROR);
			assertThat(refused).hasMessageContaining(this.endpoint.baseUrl() + TokenEndpoint.TOKEN_PATH)
				.hasMessageContaining("not sent: the endpoint is down")
				.hasMessageContaining("the last: HTTP 503");
		}
		assertThat(this.endpoint.tokenRequests()).as("no request while it counts as down")
			.isEqualTo(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		assertThat(clients.get("tenant-5").status().state()).isEqualTo(CrayonTokenStatus.State.FAILING);

		this.endpoint.issuePerUser(users());
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.endpoint.userOf(clients.get("tenant-5").getToken().value())).isEqualTo("user-5");
		for (int i = 0; i < TENANTS; i++) {
			assertThat(this.endpoint.userOf(clients.get("tenant-" + i).getToken().value())).isEqualTo("user-" + i);
			assertThat(this.endpoint.tokenRequestsFor("user-" + i)).as("token requests of user-%d", i)
				.isEqualTo((i < TokenEndpointBreaker.CLIENTS_TO_OPEN) ? 2 : 1);
		}
	}

	@Test
	void tokenWhenCallersQueueBehindFailingRequestsThenRefusedUnsentOnceEndpointCountsAsDown() {
		this.endpoint.answer(TokenEndpoint.json(503, "{}"));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		CrayonClientRegistry clients = registry(1);
		List<CompletableFuture<CrayonAccessToken>> calls = IntStream.range(0, TENANTS)
			.mapToObj((i) -> clients.get("tenant-" + i).token().toFuture())
			.toList();
		gate.awaitArrivals(1);
		gate.open();
		List<Throwable> failures = calls.stream().map(TokenEndpointOutageTests::failureOf).toList();
		assertThat(failures).allSatisfy((failure) -> assertThat(failure).isInstanceOf(CrayonTokenException.class));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		assertThat(failures).filteredOn((failure) -> failure.getMessage().contains("the endpoint is down"))
			.hasSize(TENANTS - TokenEndpointBreaker.CLIENTS_TO_OPEN);
	}

	@Test
	void tokenWhenOneClientFailsAgainAndAgainThenOtherClientsStillSendRequests() {
		this.endpoint.issuePerUser(users());
		this.endpoint.server()
			.stubFor(TokenEndpoint.tokenRequest()
				.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("username=user-0&"))
				.willReturn(TokenEndpoint.json(500, "{}")));
		CrayonClientRegistry clients = registry(CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS);
		for (int attempt = 0; attempt < 5; attempt++) {
			assertThat(failure(clients, 0).getReason()).isEqualTo(Reason.SERVER_ERROR);
			this.clock.advance(Duration.ofSeconds(2));
		}
		assertThat(this.endpoint.tokenRequestsFor("user-0")).isEqualTo(5);
		assertThat(this.endpoint.userOf(clients.get("tenant-1").getToken().value())).isEqualTo("user-1");
	}

	@Test
	void tokenWhenEndpointCountsAsDownButAnotherInstanceSharedATokenThenItIsTakenFromTheStore() throws Exception {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
		String prefix = "crayon:test:" + UUID.randomUUID() + ":";
		RedisCrayonTokenStore store = new RedisCrayonTokenStore(connections, prefix, Duration.ofSeconds(2), null,
				this.clock);
		try {
			this.endpoint.answer(TokenEndpoint.json(503, "{}"));
			CrayonClientRegistry down = registry(CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS, store);
			for (int i = 0; i < TokenEndpointBreaker.CLIENTS_TO_OPEN; i++) {
				failure(down, i);
			}
			this.endpoint.issuePerUser(users());
			CrayonClientRegistry other = registry(CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS, store);
			String shared = other.get("tenant-5").getToken().value();

			assertThat(down.get("tenant-5").getToken().value()).as("the other instance's token").isEqualTo(shared);
			assertThat(this.endpoint.tokenRequestsFor("user-5")).isOne();
			assertThat(failure(down, 6)).hasMessageContaining("not sent: the endpoint is down");
			assertThat(this.endpoint.tokenRequestsFor("user-6")).isZero();
			down.close();
			other.close();
		}
		finally {
			store.destroy();
			connections.getConnection().keyCommands().keys((prefix + "*").getBytes())
				.forEach((key) -> connections.getConnection().keyCommands().del(key));
			connections.destroy();
		}
	}

	private CrayonClientRegistry registry(int maxConcurrentRequests) {
		return registry(maxConcurrentRequests, LocalTokenStore.INSTANCE);
	}

	private CrayonClientRegistry registry(int maxConcurrentRequests, CrayonTokenStore store) {
		CrayonClientRegistry clients = CrayonClientRegistry.builder()
			.clock(this.clock)
			.ticker(this.clock)
			.store(store)
			.maxConcurrentRequests(maxConcurrentRequests)
			.defaults(CrayonClientSettings.builder(this.endpoint.baseUrl())
				.retry(1, Duration.ofMillis(100), Duration.ofSeconds(1))
				.build())
			.build();
		for (int i = 0; i < TENANTS; i++) {
			clients.register("tenant-" + i, CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET,
					"user-" + i, TokenEndpoint.PASSWORD));
		}
		return clients;
	}

	private static CrayonTokenException failure(CrayonClientRegistry clients, int tenant) {
		return assertThatExceptionOfType(CrayonTokenException.class)
			.isThrownBy(() -> clients.get("tenant-" + tenant).getToken())
			.actual();
	}

	private static Throwable failureOf(CompletableFuture<CrayonAccessToken> call) {
		Throwable failure = catchThrowable(() -> call.get(30, TimeUnit.SECONDS));
		return (failure instanceof java.util.concurrent.ExecutionException || failure instanceof CompletionException)
				? failure.getCause() : failure;
	}

	private static String[] users() {
		return IntStream.range(0, TENANTS).mapToObj((i) -> "user-" + i).toArray(String[]::new);
	}

}
