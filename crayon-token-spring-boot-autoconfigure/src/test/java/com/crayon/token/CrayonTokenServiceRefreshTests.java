package com.crayon.token;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Refresh ahead of expiry and serving through token endpoint failures, with an injected clock.
 */
class CrayonTokenServiceRefreshTests {

	private static final Duration MAX_BACKOFF = Duration.ofMillis(50);

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final CrayonTokenService service = this.endpoint.serviceBuilder()
		.clock(this.clock)
		.retry(3, Duration.ofMillis(10), MAX_BACKOFF)
		.build();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void tokenWhenRefreshDueThenServesCurrentTokenWhileNextIsFetched() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600).withFixedDelay(1000));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		this.clock.advance(Duration.ofSeconds(3300 - 1));
		assertThat(this.service.getToken().value()).isEqualTo("token-1");
		assertThat(this.endpoint.tokenRequests()).isOne();
		this.clock.advance(Duration.ofSeconds(1));
		long started = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			assertThat(this.service.token().block().value()).isEqualTo("token-1");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.service.getToken().value().equals("token-2"));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenRefreshFailsThenKeepsCurrentTokenAndBacksOff() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600), TokenEndpoint.json(503, "{}"));
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			this.service.getToken();
			this.clock.advance(Duration.ofSeconds(3300));
			assertThat(this.service.getToken().value()).isEqualTo("token-1");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.endpoint.tokenRequests() == 1 + 3);
			for (int i = 0; i < 100; i++) {
				assertThat(this.service.getToken().value()).isEqualTo("token-1");
			}
			assertThat(this.endpoint.tokenRequests()).as("no request while backing off").isEqualTo(1 + 3);
			this.clock.advance(MAX_BACKOFF);
			assertThat(this.service.getToken().value()).isEqualTo("token-1");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.endpoint.tokenRequests() == 1 + 3 + 3);
			this.endpoint.answer(TokenEndpoint.tokenResponse("token-2", 3600));
			this.clock.advance(MAX_BACKOFF);
			this.service.getToken();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.service.getToken().value().equals("token-2"));
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
	void tokenWhenFailureSharedByManyCallersThenEachGetsItsOwnException() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		CrayonTokenException first = org.assertj.core.api.Assertions.catchThrowableOfType(CrayonTokenException.class,
				this.service::getToken);
		CrayonTokenException second = org.assertj.core.api.Assertions.catchThrowableOfType(CrayonTokenException.class,
				this.service::getToken);
		assertThat(second).isNotSameAs(first);
		assertThat(second.getMessage()).isEqualTo(first.getMessage());
		assertThat(second.getSuppressed()).hasSizeLessThanOrEqualTo(1);
	}

}
