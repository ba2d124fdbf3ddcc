package com.crayon.token.examples.servlet;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.test.CrayonApiSimulator;
import com.crayon.token.test.EnableCrayonApiSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Complete examples", servlet: the application's own test, with the simulator.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EnableCrayonApiSimulator
class ExampleApplicationTests {

	@Autowired
	private MockMvcTester mvc;

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
		assertThat(this.mvc.get().uri("/users/prod")).hasStatusOk().hasBodyTextEqualTo("test-user-prod");
		assertThat(this.crayon.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/api/v1/me/");
			assertThat(request.username()).isEqualTo("test-user-prod");
		});
	}

	@Test
	void userWhenDemoAskedThenCalledAsTheDemoClientsUser() {
		assertThat(this.mvc.get().uri("/users/demo")).hasStatusOk().hasBodyTextEqualTo("test-user-demo");
		assertThat(this.crayon.apiRequests()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/api/v1/me/");
			assertThat(request.username()).isEqualTo("test-user-demo");
		});
	}

}
