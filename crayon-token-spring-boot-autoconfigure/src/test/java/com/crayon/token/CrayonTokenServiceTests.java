package com.crayon.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the caching {@link CrayonTokenService} against a real HTTP token endpoint.
 */
class CrayonTokenServiceTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void tokenWhenRequestedThenSendsTheDocumentedGetTokenRequest() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		CrayonAccessToken token = service().getToken();
		String basic = Base64.getEncoder()
			.encodeToString((TokenEndpoint.CLIENT_ID + ":" + TokenEndpoint.CLIENT_SECRET)
				.getBytes(StandardCharsets.UTF_8));
		this.endpoint.server()
			.verify(1, postRequestedFor(urlEqualTo(TokenEndpoint.TOKEN_PATH))
				.withHeader("Authorization", equalTo("Basic " + basic))
				.withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock
					.matching("application/x-www-form-urlencoded(;\\s*charset=UTF-8)?"))
				.withHeader("Accept", equalTo("application/json"))
				.withFormParam("grant_type", equalTo("password"))
				.withFormParam("username", equalTo(TokenEndpoint.USERNAME))
				.withFormParam("password", equalTo(TokenEndpoint.PASSWORD))
				.withFormParam("scope", equalTo("CustomerApi")));
		assertThat(token.value()).isEqualTo("token-1");
		assertThat(token.tokenType()).isEqualTo("Bearer");
		assertThat(token.expiresAt()).isEqualTo(this.clock.instant().plusSeconds(3600));
	}

	@Test
	void tokenWhenCachedThenMakesNoSecondRequest() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		CrayonTokenService service = service();
		CrayonAccessToken first = service.token().block();
		this.clock.advance(Duration.ofMinutes(30));
		CrayonAccessToken second = service.token().block();
		CrayonAccessToken third = service.getToken();
		assertThat(second).isSameAs(first);
		assertThat(third).isSameAs(first);
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void tokenWhenExpiryMarginReachedThenFetchesNewToken() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		CrayonTokenService service = service();
		assertThat(service.getToken().value()).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(3600 - 30 - 1));
		assertThat(service.getToken().value()).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(service.getToken().value()).isEqualTo("token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenLifetimeShorterThanFourTimesTheMarginThenServedForThreeQuartersOfIt() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("short-1", 10),
				TokenEndpoint.tokenResponse("short-2", 10));
		CrayonTokenService service = service();
		assertThat(service.getToken().value()).isEqualTo("short-1");
		this.clock.advance(Duration.ofMillis(7499));
		assertThat(service.getToken().value()).isEqualTo("short-1");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(service.getToken().value()).isEqualTo("short-2");
	}

	@Test
	void tokenWhenLifetimeShortThenRefreshedInTheBackgroundBeforeItStopsBeingServed() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("short-1", 60),
				TokenEndpoint.tokenResponse("short-2", 60));
		CrayonTokenService service = service();
		assertThat(service.getToken().value()).isEqualTo("short-1");
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		// refresh from half the 60 s lifetime, jittered by at most half the 15 s left before the margin
		this.clock.advance(Duration.ofMillis(37_500));
		assertThat(service.getToken().value()).as("served while the refresh is held").isEqualTo("short-1");
		gate.awaitArrivals(1);
		assertThat(service.getToken().value()).isEqualTo("short-1");
		gate.open();
		awaitToken(service, "short-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenWallClockStepsThenDeadlinesFollowTheTicker() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		CrayonTokenService service = service();
		CrayonAccessToken first = service.getToken();
		this.clock.step(Duration.ofHours(2));
		assertThat(service.getToken()).as("a forward step does not expire the token").isSameAs(first);
		this.clock.step(Duration.ofHours(-4));
		this.clock.advance(Duration.ofSeconds(3570));
		assertThat(service.getToken().value()).as("a backward step does not stretch its life").isEqualTo("token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenAnswerArrivesAfterItsServedLifeThenFailsInsteadOfHandingItOut() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("stale-on-arrival", 1));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		CompletableFuture<CrayonAccessToken> token = service().token().toFuture();
		gate.awaitArrivals(1);
		this.clock.advance(Duration.ofMillis(750));
		gate.open();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> token.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(CrayonTokenException.class, (ex) -> {
				assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.TIMEOUT);
				assertThat(ex.getMessage()).contains("past its usable life of 750 ms").contains("ExpiresIn 1 s");
			});
	}

	@Test
	void tokenWhenThousandConcurrentCallersFindColdCacheThenOneRequest() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("shared", 3600).withFixedDelay(500));
		CrayonTokenService service = service();
		List<CrayonAccessToken> tokens = Flux.range(0, 1000)
			.flatMap((i) -> Mono.defer(service::token).subscribeOn(Schedulers.parallel()), 1000)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(tokens).hasSize(1000).allSatisfy((token) -> assertThat(token.value()).isEqualTo("shared"));
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void getTokenWhenThousandConcurrentThreadsFindColdCacheThenOneRequest() throws Exception {
		this.endpoint.answer(TokenEndpoint.tokenResponse("shared", 3600));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		CrayonTokenService service = service();
		Set<String> values = ConcurrentHashMap.newKeySet();
		Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
		AtomicInteger successes = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(1000);
		for (int i = 0; i < 1000; i++) {
			Thread thread = new Thread(() -> {
				try {
					awaitQuietly(start);
					values.add(service.getToken().value());
					successes.incrementAndGet();
				}
				catch (Throwable ex) {
					errors.add(ex);
				}
				finally {
					finished.countDown();
				}
			});
			thread.start();
		}
		start.countDown();
		gate.awaitArrivals(1);
		gate.open();
		assertThat(finished.await(30, TimeUnit.SECONDS)).as("all threads finished").isTrue();
		assertThat(errors).isEmpty();
		assertThat(successes).hasValue(1000);
		assertThat(values).containsExactly("shared");
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void tokenWhenAnswerArrivesLateThenLifetimeCountsFromTheRequest() throws Exception {
		this.endpoint.answer(TokenEndpoint.tokenResponse("slow", 3600));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		Instant requestedAt = this.clock.instant();
		CompletableFuture<CrayonAccessToken> token = service().token().toFuture();
		gate.awaitArrivals(1);
		this.clock.advance(Duration.ofSeconds(10));
		gate.open();
		assertThat(token.get(10, TimeUnit.SECONDS).expiresAt()).isEqualTo(requestedAt.plusSeconds(3600));
	}

	@Test
	void tokenWhenExpiresInIsAbsurdlyLargeThenLifetimeCappedAtOneYear() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("long-lived", Long.MAX_VALUE));
		CrayonAccessToken token = service().getToken();
		assertThat(token.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofDays(365)));
	}

	@Test
	void tokenWhenNotSubscribedThenRequestsNothing() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		Mono<CrayonAccessToken> token = service().token();
		assertThat(this.endpoint.tokenRequests()).isZero();
		assertThat(token.block().value()).isEqualTo("token-1");
	}

	@Test
	void tokenWhenResubscribedAfterBackoffThenAsksAgain() {
		this.endpoint.answerInTurn(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"),
				TokenEndpoint.tokenResponse("second-subscription", 3600));
		Mono<CrayonAccessToken> token = service().token();
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(token::block);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(token.block().value()).isEqualTo("second-subscription");
	}

	@Test
	void tokenWhenRequestFailedThenNextCallerAfterBackoffTriesAgain() {
		this.endpoint.answerInTurn(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"),
				TokenEndpoint.tokenResponse("token-after-failure", 3600));
		CrayonTokenService service = service();
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(service.getToken().value()).isEqualTo("token-after-failure");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenOkAnswerCarriesErrorThenFailsWithCrayonsErrorText() {
		this.endpoint.answer(TokenEndpoint.json(200,
				"{\"AccessToken\":null,\"IdentityToken\":null,\"Error\":\"invalid_grant\",\"ExpiresIn\":0,"
						+ "\"TokenType\":null,\"RefreshToken\":null}"));
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service()::getToken)
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.OK);
				assertThat(ex.getErrorText()).isEqualTo("invalid_grant");
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
				assertThat(ex.getMessage()).contains("invalid_grant").contains("crayon.api.password");
			});
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void tokenWhenBadRequestWithRfc6749BodyThenFailsWithErrorAndDescription() {
		this.endpoint.answer(TokenEndpoint.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"invalid_username_or_password\"}"));
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service()::getToken).satisfies((ex) -> {
			assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(ex.getErrorText()).isEqualTo("invalid_grant: invalid_username_or_password");
			assertThat(ex.getMessage()).contains("HTTP 400 Bad Request")
				.contains("invalid_grant: invalid_username_or_password");
		});
		assertThat(this.endpoint.tokenRequests()).isOne();
	}

	@Test
	void invalidateWhenTokenIsCachedThenNextCallFetchesNewToken() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		CrayonTokenService service = service();
		CrayonAccessToken first = service.getToken();
		service.invalidate(first);
		assertThat(service.getToken().value()).isEqualTo("token-2");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void invalidateWhenNewerTokenIsCachedThenKeepsIt() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		CrayonTokenService service = service();
		CrayonAccessToken first = service.getToken();
		service.invalidate(first);
		CrayonAccessToken second = service.getToken();
		service.invalidate(first);
		assertThat(service.getToken()).isSameAs(second);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void getTokenWhenOnNonBlockingThreadThenFailsAtOnceEvenWhenCached() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		CrayonTokenService service = service();
		service.getToken();
		Throwable failure = Mono.fromCallable(() -> catchThrowable(service::getToken))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(10));
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("non-blocking thread")
			.hasMessageContaining("use token()");
		assertThat(service.token().subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10)).value())
			.isEqualTo("token-1");
	}

	@Test
	void getTokenWhenNoTokenWithinTheBoundThenCrayonTokenException() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("held", 3600));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		ClientTokenService service = (ClientTokenService) service();
		assertThatExceptionOfType(CrayonTokenException.class)
			.isThrownBy(() -> service.awaitToken(Duration.ofMillis(100)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.TIMEOUT))
			.withMessageContaining("no token within 100 ms");
		gate.open();
		awaitToken(service, "held");
	}

	@Test
	void tokenWhenRequestEndsWithoutAnswerThenCallersFailAndTheNextRequestWorks() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("after-empty", 3600));
		AtomicInteger exchanges = new AtomicInteger();
		WebClient emptyOnce = WebClient.builder()
			.filter((request, next) -> (exchanges.incrementAndGet() == 1) ? Mono.empty() : next.exchange(request))
			.build();
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.clock(this.clock)
			.ticker(this.clock)
			.retry(1, Duration.ofMillis(10), Duration.ofMillis(50))
			.webClient(emptyOnce)
			.build();
		assertThatExceptionOfType(CrayonTokenException.class)
			.isThrownBy(() -> service.token().block(Duration.ofSeconds(10)))
			.withMessageContaining("completed without emitting a response");
		this.clock.advance(Duration.ofMillis(50));
		assertThat(service.token().block(Duration.ofSeconds(10)).value()).isEqualTo("after-empty");
	}

	@Test
	void tokenWhenRequestDiesWithFatalErrorThenCallersFailAndTheNextRequestWorks() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("after-fatal", 3600));
		AtomicInteger exchanges = new AtomicInteger();
		WebClient fatalOnce = WebClient.builder().filter((request, next) -> {
			if (exchanges.incrementAndGet() == 1) {
				throw new NoClassDefFoundError("simulated fatal error in a filter");
			}
			return next.exchange(request);
		}).build();
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.clock(this.clock)
			.ticker(this.clock)
			.webClient(fatalOnce)
			.build();
		try (CapturedLogs reactorWarnings = new CapturedLogs("reactor.core.Exceptions", Level.WARN)) {
			assertThatExceptionOfType(CrayonTokenException.class)
				.isThrownBy(() -> service.token().block(Duration.ofSeconds(10)))
				.withMessageContaining("simulated fatal error");
			assertThat(reactorWarnings.at(Level.WARN)).isNotEmpty()
				.allSatisfy((line) -> assertThat(line).startsWith("throwIfFatal detected a jvm fatal exception"));
		}
		this.clock.advance(Duration.ofMillis(50));
		assertThat(service.token().block(Duration.ofSeconds(10)).value()).isEqualTo("after-fatal");
	}

	@Test
	void closeWhenRequestInFlightThenWaitingCallersFailAndNothingIsServedAfterwards() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("never-delivered", 3600));
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		CrayonClientRegistry clients = this.endpoint.serviceBuilder().clock(this.clock).ticker(this.clock).registry();
		CrayonTokenService service = clients.get(CrayonClientRegistry.DEFAULT_CLIENT);
		CompletableFuture<CrayonAccessToken> waiting = service.token().toFuture();
		gate.awaitArrivals(1);
		clients.close();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
			.withMessageContaining("is closed");
		gate.open();
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
			.withMessageContaining("is closed");
	}

	@Test
	void builderWhenInitialBackoffAboveTheMaximumThenRejectedNamingBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.endpoint.serviceBuilder().retry(3, Duration.ofMillis(200), Duration.ofMillis(1)).build())
			.withMessageContaining("initialBackoff (PT0.2S) must not be greater than maxBackoff (PT0.001S)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.endpoint.serviceBuilder()
				.credentialBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1))
				.build())
			.withMessageContaining("credentialBackoff (PT5M) must not be greater than maxCredentialBackoff (PT1M)");
	}

	@Test
	void builderWhenRefreshNotBeforeTheMarginThenRejectedNamingBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.endpoint.serviceBuilder().refreshBeforeExpiry(Duration.ofSeconds(20)).build())
			.withMessageContaining("refreshBeforeExpiry (PT20S) must be greater than expiryMargin (PT30S)");
	}

	@Test
	void builderWhenTokenUriNotAbsoluteHttpThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.endpoint.serviceBuilder().tokenUri("/api/v1/connect/token").build())
			.withMessageContaining("tokenUri must be an absolute http or https URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.endpoint.serviceBuilder().tokenUri("ftp://api.crayon.com/token").build())
			.withMessageContaining("tokenUri must be an absolute http or https URL");
	}

	@Test
	void builderWhenBaseUrlHasTrailingSlashThenTokenPathHasNoDoubleSlash() {
		assertThat(CrayonClientSettings.defaultTokenUri("https://api.crayon.com/"))
			.hasToString("https://api.crayon.com/api/v1/connect/token");
		assertThat(CrayonClientSettings.defaultTokenUri("https://api.crayon.com"))
			.hasToString("https://api.crayon.com/api/v1/connect/token");
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.endpoint.serviceBuilder().clock(this.clock).ticker(this.clock).baseUrl(this.endpoint.baseUrl() + "/").build().getToken();
		this.endpoint.server().verify(1, postRequestedFor(urlEqualTo(TokenEndpoint.TOKEN_PATH)));
	}

	@Test
	void builderWhenCredentialMissingThenNamesIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CrayonCredentials.of("id", " ", "user", "password"))
			.withMessageContaining("clientSecret");
	}

	@Test
	void toStringsWhenTokenObtainedThenShowNoSecretPasswordOrToken() {
		String secretToken = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";
		this.endpoint.answer(TokenEndpoint.tokenResponse(secretToken, 3600));
		CrayonTokenService service = service();
		CrayonAccessToken token = service.getToken();
		CrayonTokenResponse response = new CrayonTokenResponse(secretToken, "Bearer", 3600L, null, null, null, null,
				null);
		for (Object value : List.of(token, service, response,
				new CrayonBearerExchangeFilterFunction(service, this.endpoint.baseUrl()))) {
			assertThat(value.toString()).doesNotContain(secretToken)
				.doesNotContain(TokenEndpoint.CLIENT_SECRET)
				.doesNotContain(TokenEndpoint.PASSWORD);
		}
		assertThat(token.toString()).contains("Bearer").contains(token.expiresAt().toString());
	}

	@Test
	void accessTokenWhenExpiryNotAfterIssueThenRejected() {
		Instant now = Instant.now();
		assertThatIllegalArgumentException().isThrownBy(() -> new CrayonAccessToken("v", "Bearer", now, now));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitToken(CrayonTokenService service, String value) {
		await().atMost(Duration.ofSeconds(10)).until(() -> service.getToken().value(), value::equals);
	}

	private CrayonTokenService service() {
		return this.endpoint.serviceBuilder().clock(this.clock).ticker(this.clock).build();
	}

}
