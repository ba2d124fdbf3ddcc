package com.crayon.token.health;

import java.time.Duration;
import java.util.Map;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.MutableClock;
import com.crayon.token.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Health of a token service through an outage: UNKNOWN, then UP, UP with a failing refresh,
 * DOWN once the token is gone, and UP again after the endpoint recovers; never calling the token
 * endpoint and never showing a secret.
 */
class CrayonTokenHealthIndicatorTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final CrayonTokenService service = this.endpoint.serviceBuilder()
		.clock(this.clock)
		.ticker(this.clock)
		.retry(1, Duration.ofMillis(10), Duration.ofMillis(50))
		.refreshJitter(Duration.ZERO) // refresh at exactly refresh-before-expiry
		.build();

	private final CrayonTokenHealthIndicator indicator = new CrayonTokenHealthIndicator(this.service);

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void healthWhenThroughAnOutageThenUnknownUpFailingRefreshDownUp() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.json(503, "{\"Message\":\"identity server down\"}"));
		Health unknown = this.indicator.health();
		assertThat(unknown.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(this.endpoint.tokenRequests()).as("health never requests a token").isZero();

		this.service.getToken();
		Health up = this.indicator.health();
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails()).containsEntry("expiresIn", 3600L).doesNotContainKey("error");

		this.clock.advance(Duration.ofSeconds(3300));
		this.service.getToken();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.indicator.health().getDetails().containsKey("error"));
		Health refreshFailing = this.indicator.health();
		assertThat(refreshFailing.getStatus()).isEqualTo(Status.UP);
		assertThat(refreshFailing.getDetails()).containsEntry("expiresIn", 300L)
			.containsKey("refreshFailingSince")
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("identity server down"));

		this.clock.advance(Duration.ofSeconds(270));
		catchThrowable(this.service::getToken);
		Health down = this.indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("status", 503)
			.containsEntry("transient", true)
			.containsEntry("reason", com.crayon.token.CrayonTokenException.Reason.SERVER_ERROR)
			.containsEntry("since", refreshFailing.getDetails().get("refreshFailingSince"))
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("HTTP 503"));

		this.endpoint.answer(TokenEndpoint.tokenResponse("token-2", 3600));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.service.getToken().value()).isEqualTo("token-2");
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.indicator.health().getDetails()).doesNotContainKey("error");
		assertNothingSecret(unknown, up, refreshFailing, down, this.indicator.health());
	}

	@Test
	void healthWhenCredentialsRejectedThenDownWithCrayonsErrorAndNoRetryFlag() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		catchThrowable(this.service::getToken);
		Health down = this.indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("status", 400)
			.containsEntry("transient", false)
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("invalid_grant"));
		assertNothingSecret(down);
	}

	@Test
	void healthWhenTokenInvalidatedAndNotYetReplacedThenUnknown() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.service.invalidate(this.service.getToken());
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
	}

	private static void assertNothingSecret(Health... healths) {
		for (Health health : healths) {
			for (Map.Entry<String, Object> detail : health.getDetails().entrySet()) {
				assertThat(String.valueOf(detail.getValue())).doesNotContain(TokenEndpoint.CLIENT_SECRET)
					.doesNotContain(TokenEndpoint.PASSWORD)
					.doesNotContain("token-1")
					.doesNotContain("token-2");
			}
		}
	}

}
