package com.crayon.token.test;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The test's own inlined properties win over those {@link EnableCrayonApiSimulator} sets, so a
 * test can send a wrong password on purpose.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "crayon.api.password=not-the-password")
@EnableCrayonApiSimulator
class EnableCrayonApiSimulatorOverriddenPasswordTests {

	@Autowired
	private CrayonApiSimulator simulator;

	@Autowired
	private CrayonTokenService tokens;

	@Test
	void tokenWhenTestOverridesThePasswordThenSimulatorRejectsIt() {
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class, this.tokens::getToken);
		assertThat(failure.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED);
		assertThat(this.simulator.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.containsExactly(TokenRequestOutcome.INVALID_GRANT);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
