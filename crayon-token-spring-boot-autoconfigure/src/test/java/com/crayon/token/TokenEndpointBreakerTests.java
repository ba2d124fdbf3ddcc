package com.crayon.token;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import com.crayon.token.CrayonTokenException.Reason;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenEndpointBreaker}: when a token endpoint counts as down for every client,
 * how it is tested one request at a time, and what closes it.
 */
class TokenEndpointBreakerTests {

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofMillis(1000);

	private static final URI TOKEN_URI = URI.create("https://api.crayon.com/api/v1/connect/token");

	private final CrayonClientSettings settings = CrayonClientSettings.builder("https://api.crayon.com")
		.retry(3, INITIAL_BACKOFF, MAX_BACKOFF)
		.build();

	private final MutableClock clock = new MutableClock();

	private final TokenEndpointBreaker breaker = new TokenEndpointBreaker(TOKEN_URI, this.clock);

	private final AtomicInteger sent = new AtomicInteger();

	@Test
	void guardWhenDifferentClientsFailInARowThenLaterRequestsFailAtOnceUnsent() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		int sentBefore = this.sent.get();
		Throwable refused = send(newStreak(), answering("token")).error();
		assertThat(this.sent.get()).as("the request was not sent").isEqualTo(sentBefore);
		assertThat(refused).isInstanceOf(TokenEndpointBreaker.Open.class)
			.hasMessageContaining("the endpoint is down")
			.hasMessageContaining("the last: HTTP 503");
		assertThat(((TokenEndpointBreaker.Open) refused).reason()).isEqualTo(Reason.SERVER_ERROR);
		assertThat(waitOf(refused)).isBetween(INITIAL_BACKOFF.toNanos() / 2, INITIAL_BACKOFF.toNanos());
		assertThat(this.breaker.refusal(this.settings)).as("asked without sending").isNotNull();
	}

	@Test
	void guardWhenFewerClientsFailedThenRequestsAreSent() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		assertThat(send(newStreak(), answering("token")).value()).isEqualTo("token");
		assertThat(this.breaker.refusal(this.settings)).isNull();
	}

	@Test
	void guardWhenOneClientFailsAgainAndAgainThenRequestsAreStillSent() {
		FailureStreak streak = newStreak();
		for (int i = 0; i < 10; i++) {
			Throwable failure = send(streak, failing(serverError())).error();
			assertThat(failure).as("request %d", i + 1).isInstanceOf(CrayonTokenException.class);
			streak.failed((CrayonTokenException) failure);
		}
		assertThat(this.sent.get()).isEqualTo(10);
		assertThat(this.breaker.refusal(this.settings)).isNull();
	}

	@Test
	void guardWhenAnAnswerComesBetweenFailuresThenCountStartsAgain() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		assertThat(send(newStreak(), answering("token")).value()).isEqualTo("token");
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		assertThat(this.breaker.refusal(this.settings)).isNull();
	}

	@Test
	void guardWhenRejectedCredentialsBetweenFailuresThenEndpointCountsAsAnswering() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		send(newStreak(), failing(new CrayonTokenException("rejected", Reason.CREDENTIALS_REJECTED,
				HttpStatus.BAD_REQUEST, "invalid_grant", null)));
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		assertThat(this.breaker.refusal(this.settings)).isNull();
	}

	@Test
	void guardWhenRequestFailsOnThisSideThenEndpointCountsNeitherAsDownNorAsAnswering() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN - 1);
		Mono<String> faulty = counted(Mono.error(new IllegalStateException("a filter's fault")));
		assertThat(send(newStreak(), faulty).error()).isInstanceOf(IllegalStateException.class);
		assertThat(this.breaker.refusal(this.settings)).isNull();
		failClients(1);
		assertThat(this.breaker.refusal(this.settings)).as("the count went on").isNotNull();
	}

	@Test
	void guardWhenOpenAndWaitIsOverThenOneProbeAtATimeAndItsAnswerCloses() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		this.clock.advance(INITIAL_BACKOFF);
		Sinks.One<String> probeAnswer = Sinks.one();
		Outcome probe = new Outcome();
		Disposable probing = this.breaker.guard(counted(probeAnswer.asMono()), this.settings, newStreak())
			.subscribe(probe::value, probe::error);
		assertThat(this.sent.get()).as("the probe was sent").isEqualTo(TokenEndpointBreaker.CLIENTS_TO_OPEN + 1);
		Throwable refused = send(newStreak(), answering("token")).error();
		assertThat(refused).as("a second request while the probe is out").isInstanceOf(TokenEndpointBreaker.Open.class);
		assertThat(waitOf(refused)).isEqualTo(INITIAL_BACKOFF.toNanos());
		probeAnswer.tryEmitValue("probe-token");
		assertThat(probe.value()).isEqualTo("probe-token");
		assertThat(probing.isDisposed()).isTrue();
		assertThat(send(newStreak(), answering("token")).value()).as("closed again").isEqualTo("token");
	}

	@Test
	void guardWhenProbesFailThenWaitDoublesUpToMaxBackoff() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		long[] ceilings = { 200, 400, 800, 1000, 1000 };
		for (long ceiling : ceilings) {
			this.clock.advance(MAX_BACKOFF);
			assertThat(send(newStreak(), failing(serverError())).error()).isInstanceOf(CrayonTokenException.class);
			Throwable refused = send(newStreak(), answering("token")).error();
			assertThat(waitOf(refused)).as("wait after a failed probe, at most %d ms", ceiling)
				.isBetween(Duration.ofMillis(ceiling).toNanos() / 2, Duration.ofMillis(ceiling).toNanos());
		}
	}

	@Test
	void guardWhenProbeIsCancelledThenAnotherRequestMayProbe() {
		failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN);
		this.clock.advance(INITIAL_BACKOFF);
		Disposable probe = this.breaker.guard(counted(Mono.never()), this.settings, newStreak()).subscribe();
		probe.dispose();
		assertThat(send(newStreak(), answering("token")).value()).isEqualTo("token");
	}

	@Test
	void guardWhenOpeningAndClosingThenOneWarningEach() {
		try (CapturedLogs logs = new CapturedLogs(CrayonTokenService.class.getName(), Level.DEBUG)) {
			failClients(TokenEndpointBreaker.CLIENTS_TO_OPEN + 2);
			this.clock.advance(MAX_BACKOFF);
			send(newStreak(), answering("token"));
			assertThat(logs.at(Level.WARN)).hasSize(2);
			assertThat(logs.at(Level.WARN).get(0)).contains(TOKEN_URI.toString()).contains("is down");
			assertThat(logs.at(Level.WARN).get(1)).contains(TOKEN_URI.toString()).contains("answers again");
		}
	}

	/**
	 * Let the given number of different clients fail one request each.
	 */
	private void failClients(int clients) {
		for (int i = 0; i < clients; i++) {
			send(newStreak(), failing(serverError()));
		}
	}

	private Outcome send(FailureStreak streak, Mono<String> request) {
		Outcome outcome = new Outcome();
		this.breaker.guard(request, this.settings, streak).subscribe(outcome::value, outcome::error);
		return outcome;
	}

	private Mono<String> answering(String token) {
		return counted(Mono.just(token));
	}

	private Mono<String> failing(CrayonTokenException failure) {
		return counted(Mono.error(failure));
	}

	private Mono<String> counted(Mono<String> request) {
		return Mono.defer(() -> {
			this.sent.incrementAndGet();
			return request;
		});
	}

	private FailureStreak newStreak() {
		return new FailureStreak(this.settings, "client", "crayon.api");
	}

	private long waitOf(Throwable refused) {
		assertThat(refused).isInstanceOf(TokenEndpointBreaker.Open.class);
		return ((TokenEndpointBreaker.Open) refused).retryAtNanos() - this.clock.read();
	}

	private static CrayonTokenException serverError() {
		return new CrayonTokenException("HTTP 503", Reason.SERVER_ERROR, HttpStatus.SERVICE_UNAVAILABLE, null, null);
	}

	/**
	 * What a request signalled, synchronously.
	 */
	private static final class Outcome {

		private String value;

		private Throwable error;

		void value(String value) {
			this.value = value;
		}

		String value() {
			assertThat(this.error).isNull();
			return this.value;
		}

		void error(Throwable error) {
			this.error = error;
		}

		Throwable error() {
			assertThat(this.error).isNotNull();
			return this.error;
		}

	}

}
