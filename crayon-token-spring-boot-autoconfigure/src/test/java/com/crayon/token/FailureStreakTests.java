package com.crayon.token;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import com.crayon.token.CrayonTokenException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailureStreak}: how long a client waits after consecutive failed token
 * requests, and what it logs about them.
 */
class FailureStreakTests {

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofMillis(1000);

	private static final Duration CREDENTIAL_BACKOFF = Duration.ofMinutes(1);

	private static final Duration MAX_CREDENTIAL_BACKOFF = Duration.ofMinutes(5);

	/** Streaks sampled per jittered test: a wrong bound is hit with near certainty. */
	private static final int STREAKS = 50;

	private final CrayonClientSettings settings = CrayonClientSettings.builder("https://api.crayon.com")
		.retry(3, INITIAL_BACKOFF, MAX_BACKOFF)
		.credentialBackoff(CREDENTIAL_BACKOFF, MAX_CREDENTIAL_BACKOFF)
		.build();

	@Test
	void failedWhenTransientFailuresInARowThenJitteredBackoffDoublesUpToMaxBackoff() {
		List<Long> ceilings = List.of(100L, 200L, 400L, 800L, 1000L, 1000L);
		Set<Long> lastWaits = new HashSet<>();
		for (int streak = 0; streak < STREAKS; streak++) {
			FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
			long wait = 0;
			for (int failure = 0; failure < ceilings.size(); failure++) {
				long ceiling = ceilings.get(failure);
				wait = failures.failed(serverError()).toMillis();
				assertThat(wait).as("wait after failure %d", failure + 1).isBetween(ceiling / 2, ceiling);
			}
			lastWaits.add(wait);
		}
		assertThat(lastWaits).as("clients failing together do not retry together").hasSizeGreaterThan(1);
	}

	@Test
	void failedWhenCredentialsRejectedInARowThenBackoffDoublesExactlyUpToMaxCredentialBackoff() {
		FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
		assertThat(List.of(failures.failed(credentialsRejected()), failures.failed(credentialsRejected()),
				failures.failed(credentialsRejected()), failures.failed(credentialsRejected()),
				failures.failed(credentialsRejected())))
			.containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(5),
					Duration.ofMinutes(5));
	}

	@Test
	void succeededWhenTransientFailuresBeforeThenNextFailureWaitsTheInitialBackoffAgain() {
		for (int streak = 0; streak < STREAKS; streak++) {
			FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
			for (int failure = 0; failure < 4; failure++) {
				failures.failed(serverError());
			}
			failures.succeeded();
			assertThat(failures.failed(serverError()).toMillis()).isBetween(INITIAL_BACKOFF.toMillis() / 2,
					INITIAL_BACKOFF.toMillis());
		}
	}

	@Test
	void succeededWhenCredentialsRejectedBeforeThenNextRejectionWaitsTheCredentialBackoffAgain() {
		FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
		failures.failed(credentialsRejected());
		failures.failed(credentialsRejected());
		failures.failed(credentialsRejected());
		failures.succeeded();
		assertThat(failures.failed(credentialsRejected())).isEqualTo(CREDENTIAL_BACKOFF);
	}

	@Test
	void failedWhenStreakGoesOnThenOnlyItsFirstFailureLogsAtWarnNamingTheClientAndItsKeyButNoSecret() {
		FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			failures.failed(credentialsRejected());
			failures.failed(credentialsRejected());
			failures.failed(serverError());
			assertThat(logs.at(Level.WARN)).singleElement()
				.asString()
				.startsWith("Crayon client 'demo': ")
				.contains(credentialsRejected().getMessage())
				.contains("Next token request in 60000 ms")
				.contains("(crayon.api.clients.demo.token.retry.credential-backoff)");
			assertThat(logs.at(Level.DEBUG)).hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("'demo'").contains("in a row"));
			assertThat(logs.everything()).doesNotContain(TokenEndpoint.PASSWORD)
				.doesNotContain(TokenEndpoint.CLIENT_SECRET);
		}
	}

	@Test
	void failedWhenFirstAfterASuccessThenLogsAtWarnAgain() {
		FailureStreak failures = new FailureStreak(this.settings, "demo", "crayon.api.clients.demo");
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			failures.failed(serverError());
			failures.failed(serverError());
			failures.succeeded();
			failures.failed(serverError());
			assertThat(logs.at(Level.WARN)).filteredOn((line) -> line.startsWith("Crayon client 'demo': "))
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains(serverError().getMessage()));
		}
	}

	private static CrayonTokenException serverError() {
		return new CrayonTokenException("Crayon API token request to https://api.crayon.com/api/v1/connect/token "
				+ "failed: HTTP 503 Service Unavailable.", Reason.SERVER_ERROR, null, null, null);
	}

	private static CrayonTokenException credentialsRejected() {
		return new CrayonTokenException("Crayon API token request to https://api.crayon.com/api/v1/connect/token "
				+ "failed: HTTP 400 Bad Request: invalid_grant. Check the client id and secret (crayon.api.client-id, "
				+ "crayon.api.client-secret) and the API user (crayon.api.username, crayon.api.password).",
				Reason.CREDENTIALS_REJECTED, null, "invalid_grant", null);
	}

}
