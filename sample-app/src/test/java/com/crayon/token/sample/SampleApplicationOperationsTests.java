package com.crayon.token.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * The sample's Actuator endpoints show the token's health and the token request metrics.
 */
class SampleApplicationOperationsTests extends AbstractSampleApplicationTests {

	@Test
	void healthWhenTokenFetchedAtStartupThenCrayonIsUp() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.client.get()
			.uri("/actuator/health/crayon")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details.expiresIn")
			.isNumber());
	}

	@Test
	void metricsWhenTokensRequestedThenTimerWithClientTriggerAndOutcomeTags() {
		this.client.get().uri("/organizations").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/metrics/crayon.token.requests")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[?(@.statistic == 'COUNT')].value")
			.exists()
			.jsonPath("$.availableTags[?(@.tag == 'crayon.client')].values[0]")
			.isEqualTo("default")
			.jsonPath("$.availableTags[?(@.tag == 'trigger')]")
			.exists()
			.jsonPath("$.availableTags[?(@.tag == 'outcome')].values[*]")
			.value((Object outcomes) -> org.assertj.core.api.Assertions.assertThat(outcomes.toString())
				.contains("success"));
		this.client.get()
			.uri("/actuator/metrics/crayon.token.expiry")
			.exchange()
			.expectStatus()
			.isOk();
	}

}
