package com.crayon.token.test;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link EnableCrayonApiSimulator} with an application that configures only named clients
 * ({@code named-clients.yml} standing for its {@code application.yml}): each named client gets its
 * tokens from the simulator as a user of its own, and no {@code default} client appears.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "spring.config.name=named-clients")
@EnableCrayonApiSimulator
class EnableCrayonApiSimulatorNamedClientsTests {

	@Autowired
	private CrayonApiSimulator simulator;

	@Autowired
	private CrayonClientRegistry services;

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	@Test
	void clientsWhenApplicationHasOnlyNamedClientsThenNoDefaultClient() {
		assertThat(this.services.configuredNames()).containsExactlyInAnyOrder("prod", "demo");
		assertThat(this.context.getBeanNamesForType(CrayonTokenService.class)).isEmpty();
		assertThat(this.environment.getProperty("crayon.api.username")).isNull();
		assertThat(this.environment.getProperty("crayon.api.password")).isNull();
	}

	@Test
	void propertiesWhenApplicationHasNamedClientsThenEachPointsAtTheSimulator() {
		assertThat(this.services.baseUrl("prod")).isEqualTo(this.simulator.baseUrl());
		assertThat(this.services.baseUrl("demo")).isEqualTo(this.simulator.baseUrl());
		assertThat(this.environment.getProperty("crayon.api.clients.demo.username")).isEqualTo("test-user-demo");
	}

	@Test
	void tokenWhenEachNamedClientAsksThenSimulatorIssuesItToTheClientsOwnUser() {
		CrayonAccessToken prod = this.services.get("prod").getToken();
		CrayonAccessToken demo = this.services.get("demo").getToken();
		assertThat(prod.value()).isNotEqualTo(demo.value());
		assertThat(this.simulator.tokenRequests())
			.extracting(RecordedTokenRequest::outcome, RecordedTokenRequest::clientId, RecordedTokenRequest::username,
					RecordedTokenRequest::accessToken)
			.containsExactlyInAnyOrder(
					tuple(TokenRequestOutcome.ISSUED, CrayonApiSimulator.DEFAULT_CLIENT_ID, "test-user-prod",
							prod.value()),
					tuple(TokenRequestOutcome.ISSUED, CrayonApiSimulator.DEFAULT_CLIENT_ID, "test-user-demo",
							demo.value()));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
