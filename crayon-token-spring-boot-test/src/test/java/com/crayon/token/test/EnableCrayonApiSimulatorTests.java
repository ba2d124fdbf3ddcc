package com.crayon.token.test;

import java.time.Duration;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A {@code @SpringBootTest} with {@link EnableCrayonApiSimulator}: the starter gets its tokens
 * from the simulator, which the test autowires to inject faults and read the recorded requests.
 */
// one token request per re-authentication is allowed at once, and retries follow each other at once
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "crayon.api.token.retry.initial-backoff=1ms", "crayon.api.token.retry.max-backoff=1ms" })
@EnableCrayonApiSimulator(clientId = "annotated-client", clientSecret = "annotated-secret", username = "alice",
		password = "alice-password", expiresIn = "10m")
class EnableCrayonApiSimulatorTests {

	@Autowired
	private CrayonApiSimulator simulator;

	@Autowired
	private CrayonTokenService tokens;

	@Autowired
	@Qualifier("crayonWebClient")
	private WebClient crayon;

	@Autowired
	private Environment environment;

	@Test
	void contextWhenAnnotatedThenCrayonApiPropertiesPointAtTheSimulator() {
		assertThat(this.environment.getProperty("crayon.api.base-url")).isEqualTo(this.simulator.baseUrl());
		assertThat(this.environment.getProperty("crayon.api.client-id")).isEqualTo("annotated-client");
		assertThat(this.environment.getProperty("crayon.api.client-secret")).isEqualTo("annotated-secret");
		assertThat(this.environment.getProperty("crayon.api.username")).isEqualTo("alice");
		assertThat(this.environment.getProperty("crayon.api.password")).isEqualTo("alice-password");
		assertThat(this.simulator.expiresIn()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void crayonWebClientWhenCalledThenTokenFromTheSimulatorAndRequestRecordedWithIt() {
		String body = this.crayon.get().uri("/api/v1/organizations/").retrieve().bodyToMono(String.class).block();
		assertThat(body).contains("\"TotalHits\":1");
		CrayonAccessToken token = this.tokens.getToken();
		assertThat(this.simulator.apiRequests()).extracting(RecordedApiRequest::token, RecordedApiRequest::username)
			.containsExactly(tuple(token.value(), "alice"));
	}

	@Test
	void tokenWhenTokenEndpointFailsOnceThenStarterRetriesAndSimulatorRecordsBoth() {
		this.tokens.invalidate(this.tokens.getToken());
		this.simulator.reset();
		this.simulator.failNextTokenRequests(1, 503);
		CrayonAccessToken token = this.tokens.getToken();
		assertThat(this.simulator.tokenRequests())
			.extracting(RecordedTokenRequest::outcome, RecordedTokenRequest::clientId, RecordedTokenRequest::username)
			.containsExactly(tuple(TokenRequestOutcome.INJECTED_FAILURE, "annotated-client", "alice"),
					tuple(TokenRequestOutcome.ISSUED, "annotated-client", "alice"));
		assertThat(this.simulator.tokenRequests().get(1).accessToken()).isEqualTo(token.value());
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(10));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
