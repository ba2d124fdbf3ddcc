package com.crayon.token.examples.webflux;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.test.CrayonApiSimulator;
import com.crayon.token.test.EnableCrayonApiSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Complete examples", WebFlux: the application's own test, with the simulator.
 */
@SpringBootTest
@AutoConfigureWebTestClient
@EnableCrayonApiSimulator
class ExampleApplicationTests {

	@Autowired
	private WebTestClient web;

	@Autowired
	private CrayonApiSimulator crayon;

	@Autowired
	private CrayonClientRegistry clients;

	@Test
	void clientsWhenOnlyNamedClientsConfiguredThenNoDefaultClient() {
		assertThat(this.clients.configuredNames()).containsExactlyInAnyOrder("prod", "demo");
	}

	@Test
	void userWhenProdAskedThenCalledAsTheProdClientsUser() {
		this.web.get().uri("/users/prod").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("test-user-prod");
		assertThat(this.crayon.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/api/v1/me/");
			assertThat(request.username()).isEqualTo("test-user-prod");
		});
	}

	@Test
	void userWhenDemoAskedThenCalledAsTheDemoClientsUser() {
		this.web.get().uri("/users/demo").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("test-user-demo");
		assertThat(this.crayon.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/api/v1/me/");
			assertThat(request.username()).isEqualTo("test-user-demo");
		});
	}

}
