package com.crayon.token.examples.servlet;

import com.crayon.token.CrayonTokenService;
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
 * The servlet example with a default client as well, as README "Complete examples" says: the
 * groups of {@code prod} and {@code demo} work as they did, and the default client is the
 * simulator's top-level user.
 */
@SpringBootTest(properties = "spring.config.additional-location=classpath:default-client.yml")
@AutoConfigureMockMvc
@EnableCrayonApiSimulator
class ExampleApplicationWithDefaultClientTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private CrayonApiSimulator crayon;

	@Autowired
	private CrayonClientRegistry clients;

	@Autowired
	private CrayonTokenService defaultClient;

	@Test
	void clientsWhenTopLevelUserConfiguredThenDefaultClientBesidesTheNamedOnes() {
		assertThat(this.clients.configuredNames()).containsExactlyInAnyOrder("default", "prod", "demo");
	}

	@Test
	void userWhenDemoAskedThenStillCalledAsTheDemoClientsUser() {
		assertThat(this.mvc.get().uri("/users/demo")).hasStatusOk().hasBodyTextEqualTo("test-user-demo");
		assertThat(this.crayon.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.username()).isEqualTo("test-user-demo"));
	}

	@Test
	void tokenWhenDefaultClientAsksThenIssuedToTheTopLevelUser() {
		this.defaultClient.getToken();
		assertThat(this.crayon.tokenRequests()).last()
			.satisfies((request) -> assertThat(request.username()).isEqualTo(CrayonApiSimulator.DEFAULT_USERNAME));
	}

}
