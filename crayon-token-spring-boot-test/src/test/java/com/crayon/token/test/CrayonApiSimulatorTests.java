package com.crayon.token.test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonClientSettingsBuilder;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests of {@link CrayonApiSimulator} through the starter's {@link CrayonTokenService} and bearer
 * filter, over real HTTP: tokens, recorded requests and injected faults.
 */
class CrayonApiSimulatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = new MutableClock();

	private final CrayonApiSimulator simulator = CrayonApiSimulator.builder()
		.user("alice", "alice-password")
		.user("bob", "bob-password")
		.clock(this.clock)
		.start();

	@AfterEach
	void closeSimulator() {
		this.simulator.close();
	}

	@Test
	void tokenWhenRequestedThroughStarterThenIssuedAndRecordedWithoutSecrets() {
		this.clock.advance(Duration.ofDays(365));
		Instant inAYear = this.clock.instant();
		CrayonAccessToken token = tokenService("alice", "alice-password").getToken();
		assertThat(token.lifetime()).isEqualTo(CrayonApiSimulator.DEFAULT_EXPIRES_IN);
		List<RecordedTokenRequest> requests = this.simulator.tokenRequests();
		assertThat(requests).singleElement().satisfies((request) -> {
			assertThat(request.outcome()).isEqualTo(TokenRequestOutcome.ISSUED);
			assertThat(request.issued()).isTrue();
			assertThat(request.status()).isEqualTo(200);
			assertThat(request.clientId()).isEqualTo(CrayonApiSimulator.DEFAULT_CLIENT_ID);
			assertThat(request.username()).isEqualTo("alice");
			assertThat(request.accessToken()).isEqualTo(token.value());
			assertThat(request.time()).isAfterOrEqualTo(inAYear);
			assertThat(request.toString()).contains("alice", "ISSUED")
				.doesNotContain(token.value(), "alice-password", CrayonApiSimulator.DEFAULT_CLIENT_SECRET);
		});
	}

	@Test
	void simulatorWhenReactorNettyGlobalResourcesDisposedThenKeepsServing() {
		// what closing an application context with Boot's ReactorResourceFactory does
		HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofSeconds(5)).block(TIMEOUT);
		assertThat(tokenService("alice", "alice-password").getToken().value()).isNotEmpty();
		assertThat(this.simulator.tokenRequests()).singleElement()
			.satisfies((request) -> assertThat(request.outcome()).isEqualTo(TokenRequestOutcome.ISSUED));
	}

	@Test
	void tokenWhenSeveralUsersThenEachGetsTokensRecordedUnderItsName() {
		String alice = tokenService("alice", "alice-password").getToken().value();
		String bob = tokenService("bob", "bob-password").getToken().value();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::username, RecordedTokenRequest::accessToken)
			.containsExactly(tuple("alice", alice),
					tuple("bob", bob));
		assertThat(this.simulator.username()).isEqualTo("alice");
		assertThat(this.simulator.password()).isEqualTo("alice-password");
	}

	@Test
	void organizationsWhenCalledThroughBearerFilterThenRecordedWithTheIssuedToken() {
		CrayonTokenService tokens = tokenService("alice", "alice-password");
		Map<String, Object> body = organizations(tokens);
		assertThat(body).containsEntry("TotalHits", 1);
		String issued = this.simulator.tokenRequests().get(0).accessToken();
		assertThat(this.simulator.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.path()).isEqualTo("/api/v1/organizations/");
			assertThat(request.token()).isEqualTo(issued);
			assertThat(request.username()).isEqualTo("alice");
			assertThat(request.status()).isEqualTo(200);
			assertThat(request.authorized()).isTrue();
			assertThat(request.toString()).doesNotContain(issued);
		});
	}

	@Test
	void tokenWhenNextRequestsFailWith503ThenStarterRetriesAndGetsToken() {
		this.simulator.failNextTokenRequests(2, 503);
		CrayonAccessToken token = tokenService("alice", "alice-password", (settings) -> settings.retry(3, Duration.ofMillis(1), Duration.ofMillis(1)))
			.getToken();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome, RecordedTokenRequest::status)
			.containsExactly(tuple(TokenRequestOutcome.INJECTED_FAILURE, 503),
					tuple(TokenRequestOutcome.INJECTED_FAILURE, 503),
					tuple(TokenRequestOutcome.ISSUED, 200));
		assertThat(this.simulator.tokenRequests().get(2).accessToken()).isEqualTo(token.value());
	}

	@Test
	void tokenWhenFailuresOutlastAttemptsThenServerErrorWithCrayonErrorText() {
		this.simulator.failNextTokenRequests(5, 500);
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("alice", "alice-password", (settings) -> settings.retry(2, Duration.ofMillis(1), Duration.ofMillis(1)))
					.getToken());
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.SERVER_ERROR);
		assertThat(failure.getStatusCode().value()).isEqualTo(500);
		assertThat(failure.getErrorText()).contains("InternalServerError", "Simulated failure");
		assertThat(this.simulator.tokenRequests()).hasSize(2)
			.allMatch((request) -> request.outcome() == TokenRequestOutcome.INJECTED_FAILURE);
	}

	@Test
	void tokenWhenCredentialsRejectedThenInvalidGrantUntilAcceptedAgain() {
		this.simulator.rejectCredentials();
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("alice", "alice-password").getToken());
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
		assertThat(failure.getErrorText()).contains("invalid_grant");
		this.simulator.acceptCredentials();
		tokenService("alice", "alice-password").getToken();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.containsExactly(TokenRequestOutcome.INVALID_GRANT, TokenRequestOutcome.ISSUED);
	}

	@Test
	void tokenWhenAnswersDelayedBeyondTheTimeoutThenTimeout() {
		this.simulator.delayAnswers(Duration.ofMinutes(5));
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> tokenService("alice", "alice-password", (settings) -> settings.timeout(Duration.ofMillis(300)).retry(1, Duration.ofMillis(1), Duration.ofMillis(1)))
					.getToken());
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.TIMEOUT);
		this.simulator.delayAnswers(Duration.ZERO);
		tokenService("alice", "alice-password").getToken();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.contains(TokenRequestOutcome.ISSUED);
	}

	@Test
	void organizationsWhenIssuedTokensRevokedThenUnauthorizedAndFilterReplaysWithNewToken() {
		CrayonTokenService tokens = tokenService("alice", "alice-password", (settings) -> settings.retry(3, Duration.ofMillis(1), Duration.ofMillis(1)));
		organizations(tokens);
		this.simulator.revokeIssuedTokens();
		assertThat(organizations(tokens)).containsEntry("TotalHits", 1);
		List<RecordedTokenRequest> issued = this.simulator.tokenRequests();
		assertThat(issued).hasSize(2).allMatch(RecordedTokenRequest::issued);
		String first = issued.get(0).accessToken();
		String second = issued.get(1).accessToken();
		assertThat(this.simulator.apiRequests()).extracting(RecordedApiRequest::token, RecordedApiRequest::status)
			.containsExactly(tuple(first, 200),
					tuple(first, 401), tuple(second, 200));
		assertThat(this.simulator.apiRequests().get(1).username()).isNull();
	}

	@Test
	void organizationsWhenTokenExpiredByTheClockThenUnauthorizedRecorded() {
		String token = tokenService("alice", "alice-password").getToken().value();
		this.clock.advance(CrayonApiSimulator.DEFAULT_EXPIRES_IN);
		int status = WebClient.create(this.simulator.baseUrl())
			.get()
			.uri("/api/v1/me/")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(TIMEOUT);
		assertThat(status).isEqualTo(401);
		assertThat(this.simulator.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.token()).isEqualTo(token);
			assertThat(request.username()).isNull();
			assertThat(request.authorized()).isFalse();
		});
	}

	@Test
	void resetWhenFaultsAndRecordsThenClearsThemAndKeepsIssuedTokens() {
		CrayonTokenService tokens = tokenService("alice", "alice-password");
		organizations(tokens);
		this.simulator.rejectCredentials();
		this.simulator.failNextTokenRequests(3, 503);
		this.simulator.delayAnswers(Duration.ofMinutes(5));
		this.simulator.reset();
		assertThat(this.simulator.tokenRequests()).isEmpty();
		assertThat(this.simulator.apiRequests()).isEmpty();
		assertThat(organizations(tokens)).containsEntry("TotalHits", 1);
		tokenService("alice", "alice-password").getToken();
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.containsExactly(TokenRequestOutcome.ISSUED);
		assertThat(this.simulator.apiRequests()).extracting(RecordedApiRequest::status).containsExactly(200);
	}

	@Test
	void failNextTokenRequestsWhenRequestsConcurrentThenExactlyThatManyFail() throws Exception {
		this.simulator.failNextTokenRequests(5, 503);
		List<Integer> statuses = concurrentTokenRequests(20);
		assertThat(statuses).hasSize(20);
		assertThat(statuses.stream().filter((status) -> status == 503)).hasSize(5);
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(15);
		List<RecordedTokenRequest> recorded = this.simulator.tokenRequests();
		assertThat(recorded).hasSize(20);
		assertThat(recorded.stream().filter((request) -> request.outcome() == TokenRequestOutcome.INJECTED_FAILURE))
			.hasSize(5);
		Set<String> tokens = recorded.stream()
			.filter(RecordedTokenRequest::issued)
			.map(RecordedTokenRequest::accessToken)
			.collect(Collectors.toSet());
		assertThat(tokens).hasSize(15);
	}

	@Test
	void closeWhenClosedThenRefusesConnectionsAndClosingAgainDoesNothing() {
		String baseUrl = this.simulator.baseUrl();
		this.simulator.close();
		this.simulator.close();
		Throwable failure = catchThrowable(() -> WebClient.create(baseUrl)
			.get()
			.uri("/api/v1/me/")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertThat(failure).hasRootCauseInstanceOf(ConnectException.class);
	}

	@Test
	void builderWhenExpiresInBelowOneSecondThenFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CrayonApiSimulator.builder().expiresIn(Duration.ofMillis(500)))
			.withMessageContaining("expiresIn");
	}

	@Test
	void toStringWhenStartedThenNoSecretNorPassword() {
		assertThat(this.simulator.toString()).contains(this.simulator.baseUrl(), "alice", "bob")
			.doesNotContain(CrayonApiSimulator.DEFAULT_CLIENT_SECRET, "alice-password", "bob-password");
	}

	private CrayonTokenService tokenService(String username, String password) {
		return tokenService(username, password, (settings) -> settings);
	}

	private CrayonTokenService tokenService(String username, String password,
			UnaryOperator<CrayonClientSettingsBuilder> settings) {
		return CrayonClientRegistry.builder()
			.clock(this.clock)
			.client("alice", settings.apply(CrayonClientSettings.builder(this.simulator.baseUrl())).build(),
					CrayonCredentials.of(this.simulator.clientId(), this.simulator.clientSecret(), username, password))
			.build()
			.get("alice");
	}

	private Map<String, Object> organizations(CrayonTokenService tokens) {
		WebClient client = WebClient.builder()
			.baseUrl(this.simulator.baseUrl())
			.filter(new CrayonBearerExchangeFilterFunction(tokens, this.simulator.baseUrl()))
			.build();
		return client.get()
			.uri("/api/v1/organizations/")
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(TIMEOUT);
	}

	private List<Integer> concurrentTokenRequests(int count) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch ready = new CountDownLatch(count);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await(10, TimeUnit.SECONDS);
					return rawTokenRequest();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get(30, TimeUnit.SECONDS));
			}
			return statuses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private int rawTokenRequest() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "password");
		form.add("username", "alice");
		form.add("password", "alice-password");
		form.add("scope", "CustomerApi");
		return WebClient.create(this.simulator.tokenUri())
			.post()
			.headers((headers) -> headers.setBasicAuth(this.simulator.clientId(), this.simulator.clientSecret()))
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(TIMEOUT);
	}

}
