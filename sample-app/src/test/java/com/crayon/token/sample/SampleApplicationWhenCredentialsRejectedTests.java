package com.crayon.token.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test with a password the simulator rejects: the app answers 502 and the log says
 * why, without the password.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "crayon.api.password=not-the-sample-password")
class SampleApplicationWhenCredentialsRejectedTests extends AbstractSampleApplicationTests {

	@Test
	void organizationsWhenPasswordRejectedThenBadGatewayAndReasonLogged(CapturedOutput output) {
		this.client.get()
			.uri("/organizations")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No Crayon API token could be obtained; the application log says why.");
		assertThat(output).contains("invalid_grant").doesNotContain("not-the-sample-password");
	}

}
