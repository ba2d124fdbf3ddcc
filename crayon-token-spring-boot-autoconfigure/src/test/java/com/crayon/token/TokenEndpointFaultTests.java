package com.crayon.token;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The token service against a token endpoint that fails in every known way: each failure gives
 * a clear {@link CrayonTokenException} within a bound, transient ones after the configured
 * retries, credential errors at once.
 */
class TokenEndpointFaultTests {

	private static final Duration BOUND = Duration.ofSeconds(6);

	private final TokenEndpoint endpoint = new TokenEndpoint();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("com.crayon.token.TokenEndpointFault#all")
	void tokenWhenEndpointFailsThenClearErrorWithinBound(TokenEndpointFault fault) {
		this.endpoint.answer(fault.response());
		CrayonTokenService service = this.endpoint.serviceBuilder().timeout(fault.timeout()).build();
		long started = System.nanoTime();
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> service.token().block(BOUND));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(failure).as("failure").isNotNull();
		assertThat(took).isLessThan(BOUND);
		assertThat(failure.getMessage()).contains(fault.messagePart())
			.doesNotContain(TokenEndpoint.CLIENT_SECRET)
			.doesNotContain(TokenEndpoint.PASSWORD);
		assertThat(failure.getMessage().length()).isLessThan(1000);
		assertThat(failure.isTransient()).isEqualTo(fault.transientFailure());
		assertThat((failure.getStatusCode() != null) ? failure.getStatusCode().value() : 0).isEqualTo(fault.status());
		int expectedRequests = fault.transientFailure() ? TokenEndpointFault.MAX_ATTEMPTS : 1;
		assertThat(this.endpoint.server().countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount())
			.isEqualTo(expectedRequests);
	}

	@Test
	void tokenWhenTooManyRequestsWithRetryAfterThenWaitsThatLongBeforeRetrying() {
		this.endpoint.answerInTurn(TokenEndpoint.json(429, "{}").withHeader("Retry-After", "1"),
				TokenEndpoint.tokenResponse("after-retry-after", 3600));
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.retry(3, Duration.ofMillis(10), Duration.ofSeconds(2))
			.build();
		long started = System.nanoTime();
		assertThat(service.token().block(BOUND).value()).isEqualTo("after-retry-after");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(1), BOUND);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenRetryAfterExceedsMaxBackoffThenWaitsOnlyMaxBackoff() {
		this.endpoint.answerInTurn(TokenEndpoint.json(429, "{}").withHeader("Retry-After", "3600"),
				TokenEndpoint.tokenResponse("capped", 3600));
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.retry(3, Duration.ofMillis(10), Duration.ofMillis(200))
			.build();
		long started = System.nanoTime();
		assertThat(service.token().block(BOUND).value()).isEqualTo("capped");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void tokenWhenTransientFailureThenSucceedsWithinOneRequest() {
		this.endpoint.answerInTurn(TokenEndpoint.json(503, "{}"), TokenEndpoint.json(502, "{}"),
				TokenEndpoint.tokenResponse("third-time", 3600));
		assertThat(this.endpoint.serviceBuilder().build().token().block(BOUND).value()).isEqualTo("third-time");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

}
