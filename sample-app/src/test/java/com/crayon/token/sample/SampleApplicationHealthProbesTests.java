package com.crayon.token.sample;

import java.time.Duration;
import java.util.List;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * With the token endpoint down, the {@code crayon} component and the root health are
 * {@code DOWN}, as for any of Spring Boot's own dependencies, while the liveness and readiness
 * probes the sample enables stay {@code UP}: an instance that probes those stays in rotation.
 */
@DirtiesContext
class SampleApplicationHealthProbesTests extends AbstractSampleApplicationTests {

	@Autowired
	private CrayonTokenService tokens;

	@Test
	void healthWhenTokenEndpointDownThenCrayonAndRootDownAndProbesUp() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> health("/actuator/health/crayon", HttpStatus.OK, "UP"));
		this.simulator.failNextTokenRequests(1000, 503);
		this.tokens.invalidate(this.tokens.getToken());
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(this.tokens::getToken);
		health("/actuator/health/crayon", HttpStatus.SERVICE_UNAVAILABLE, "DOWN").jsonPath("$.groups")
			.doesNotExist();
		// "groups" is a field of the root: the groups there are, not groups crayon belongs to
		health("/actuator/health", HttpStatus.SERVICE_UNAVAILABLE, "DOWN").jsonPath("$.components.crayon.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.crayon.groups")
			.doesNotExist()
			.jsonPath("$.groups")
			.isEqualTo(List.of("liveness", "readiness"));
		health("/actuator/health/liveness", HttpStatus.OK, "UP").jsonPath("$.components").doesNotExist();
		health("/actuator/health/readiness", HttpStatus.OK, "UP").jsonPath("$.components").doesNotExist();
		health("/livez", HttpStatus.OK, "UP");
		health("/readyz", HttpStatus.OK, "UP");
	}

	private BodyContentSpec health(String path, HttpStatus httpStatus, String status) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(httpStatus)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
	}

}
