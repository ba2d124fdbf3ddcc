package com.crayon.token;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Refresh ahead of expiry and serving through token endpoint failures, with an injected clock and
 * ticker. Background work is observed through the public API: the endpoint's request count and
 * {@code getToken()}, polled with a deadline, never timed.
 */
class CrayonTokenServiceRefreshTests {

	private static final Duration MAX_BACKOFF = Duration.ofMillis(50);

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final CrayonTokenService service = this.endpoint.serviceBuilder()
		.clock(this.clock)
		.ticker(this.clock)
		.retry(3, Duration.ofMillis(10), MAX_BACKOFF)
		.refreshJitter(Duration.ZERO) // refresh at exactly refresh-before-expiry
		.build();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void tokenWhenRefreshDueThenServesCurrentTokenWhileNextIsFetched() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(3300 - 1));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		assertThat(this.endpoint.tokenRequests()).isOne();
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		gate.awaitArrivals(1);
		for (int i = 0; i < 100; i++) {
			assertThat(this.service.token().block(DEADLINE).value()).as("served while the refresh is held")
				.isEqualTo("token-1");
		}
		assertThat(this.endpoint.tokenRequests()).as("one refresh for all callers").isEqualTo(2);
		gate.open();
		await().atMost(DEADLINE).until(() -> this.service.getToken().value().equals("token-2"));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenRefreshFailsThenKeepsCurrentTokenAndBacksOff() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600), TokenEndpoint.json(503, "{}"));
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			this.service.getToken();
			this.clock.advance(Duration.ofSeconds(3300));
			assertThat(this.service.getToken().value()).isEqualTo("token-1");
			await().atMost(DEADLINE).until(() -> this.endpoint.tokenRequests() == 1 + 3);
			for (int i = 0; i < 100; i++) {
				assertThat(this.service.getToken().value()).isEqualTo("token-1");
			}
			assertThat(this.endpoint.tokenRequests()).as("no request while backing off").isEqualTo(1 + 3);
			advanceUntil(MAX_BACKOFF, () -> this.endpoint.tokenRequests() >= 1 + 3 + 3);
			this.endpoint.answer(TokenEndpoint.tokenResponse("token-2", 3600));
			advanceUntil(MAX_BACKOFF, () -> this.service.getToken().value().equals("token-2"));
			assertThat(logs.at(Level.WARN)).hasSize(2);
			assertThat(logs.at(Level.WARN).get(0)).contains("HTTP 503 Service Unavailable");
			assertThat(logs.at(Level.WARN).get(1)).contains("recovered").contains("after 2 failed requests");
		}
	}

	@Test
	void tokenWhenRefreshKeepsFailingUntilExpiryThenCallersGetTheFailure() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600), TokenEndpoint.json(503, "{}"));
		this.service.getToken();
		this.clock.advance(Duration.ofSeconds(3570));
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(this.service::getToken)
			.withMessageContaining("HTTP 503");
	}

	@Test
	void tokenWhenNoValidTokenAndEndpointFailingThenCallersInBackoffWindowFailAtOnce() {
		this.endpoint.answer(TokenEndpoint.json(503, "{\"Message\":\"down\"}"));
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(this.service::getToken);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		for (int i = 0; i < 1000; i++) {
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(this.service::getToken)
				.withMessageContaining("HTTP 503 Service Unavailable: down");
		}
		assertThat(this.endpoint.tokenRequests()).as("no request in the backoff window").isEqualTo(3);
		this.clock.advance(MAX_BACKOFF);
		this.endpoint.answer(TokenEndpoint.tokenResponse("recovered", 3600));
		assertThat(this.service.getToken().value()).isEqualTo("recovered");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
	}

	@Test
	void tokenWhenCredentialsRejectedUnderSteadyTrafficThenAsksAgainOnlyAfterDoublingCredentialBackoff() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		int[] requestsAtMinute = new int[121];
		for (int second = 0; second <= 120 * 60; second++) {
			CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class, this.service::getToken);
			assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
			if (second % 60 == 0) {
				requestsAtMinute[second / 60] = this.endpoint.tokenRequests();
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		// asked at minutes 0, 1, 3, 7, 15, 31, 61 and 91: 1, 2, 4, 8, 16, then 30 (the cap) minutes apart
		assertThat(requestsAtMinute[0]).isEqualTo(1);
		assertThat(requestsAtMinute[1]).isEqualTo(2);
		assertThat(requestsAtMinute[2]).isEqualTo(2);
		assertThat(requestsAtMinute[3]).isEqualTo(3);
		assertThat(requestsAtMinute[30]).isEqualTo(5);
		assertThat(requestsAtMinute[31]).isEqualTo(6);
		assertThat(requestsAtMinute[60]).isEqualTo(6);
		assertThat(requestsAtMinute[61]).isEqualTo(7);
		assertThat(requestsAtMinute[120]).isEqualTo(8);
	}

	@Test
	void refreshWhenCredentialsRejectedThenKeepsTokenAndWaitsTheCredentialBackoff() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.json(401, "{\"error\":\"invalid_client\"}"));
		this.service.getToken();
		this.clock.advance(Duration.ofSeconds(3300));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		await().atMost(DEADLINE).until(() -> this.endpoint.tokenRequests() == 2);
		long before = this.clock.read();
		advanceUntil(Duration.ofSeconds(5), () -> this.endpoint.tokenRequests() == 3);
		assertThat(Duration.ofNanos(this.clock.read() - before)).as("time before the refresh was tried again")
			.isGreaterThanOrEqualTo(Duration.ofMinutes(1));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
	}

	@Test
	void tokenWhenFailureSharedByManyCallersThenEachGetsItsOwnException() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		CrayonTokenException first = catchThrowableOfType(CrayonTokenException.class, this.service::getToken);
		CrayonTokenException second = catchThrowableOfType(CrayonTokenException.class, this.service::getToken);
		assertThat(second).isNotSameAs(first);
		assertThat(second.getMessage()).isEqualTo(first.getMessage());
		assertThat(second.getSuppressed()).hasSizeLessThanOrEqualTo(1);
	}

	/**
	 * Move time forward by {@code step} and call the service until the condition holds: a
	 * background request's outcome is stored after the request counts as made, so each step gives
	 * it another chance to be seen.
	 */
	private void advanceUntil(Duration step, BooleanSupplier condition) {
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
			if (condition.getAsBoolean()) {
				return true;
			}
			this.clock.advance(step);
			this.service.getToken();
			return condition.getAsBoolean();
		});
	}

}
