package com.crayon.token.test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link CrayonApiSimulatorContextCustomizerFactory},
 * {@link CrayonApiSimulatorContextCustomizer} and {@link CrayonApiSimulatorTestExecutionListener}.
 */
class CrayonApiSimulatorContextCustomizerTests {

	private final CrayonApiSimulatorContextCustomizerFactory factory = new CrayonApiSimulatorContextCustomizerFactory();

	@Test
	void customizerWhenSameAnnotationThenEqualSoTheContextIsShared() {
		ContextCustomizer first = this.factory.createContextCustomizer(Annotated.class, List.of());
		ContextCustomizer second = this.factory.createContextCustomizer(AlsoAnnotated.class, List.of());
		assertThat(first).isNotNull().isEqualTo(second).hasSameHashCodeAs(second);
	}

	@Test
	void customizerWhenOtherAttributesThenNotEqual() {
		ContextCustomizer first = this.factory.createContextCustomizer(Annotated.class, List.of());
		ContextCustomizer other = this.factory.createContextCustomizer(OtherUser.class, List.of());
		assertThat(first).isNotEqualTo(other);
	}

	@Test
	void customizerWhenNotAnnotatedThenNone() {
		assertThat(this.factory.createContextCustomizer(NotAnnotated.class, List.of())).isNull();
	}

	@Test
	void customizerWhenAnnotationOnEnclosingClassThenFound() {
		assertThat(this.factory.createContextCustomizer(Annotated.Inner.class, List.of()))
			.isEqualTo(this.factory.createContextCustomizer(Annotated.class, List.of()));
	}

	@Test
	void contextWhenClosedThenSimulatorStopped() {
		String baseUrl;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			this.factory.createContextCustomizer(OtherUser.class, List.of())
				.customizeContext(context, mock(MergedContextConfiguration.class));
			context.refresh();
			CrayonApiSimulator simulator = context.getBean(CrayonApiSimulator.class);
			baseUrl = simulator.baseUrl();
			assertThat(simulator.username()).isEqualTo("bob");
			assertThat(simulator.expiresIn()).isEqualTo(Duration.ofSeconds(90));
			assertThat(context.getEnvironment().getProperty("crayon.api.base-url")).isEqualTo(baseUrl);
			assertThat(status(baseUrl)).isEqualTo(401);
		}
		assertThat(catchThrowable(() -> status(baseUrl))).hasRootCauseInstanceOf(ConnectException.class);
	}

	@Test
	void listenerWhenTestMethodEndsThenSimulatorReset() throws Exception {
		try (CrayonApiSimulator simulator = CrayonApiSimulator.start();
				GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(CrayonApiSimulator.class, () -> simulator);
			context.refresh();
			simulator.rejectCredentials();
			status(simulator.baseUrl());
			TestContext testContext = mock(TestContext.class);
			given(testContext.getTestClass()).willAnswer((invocation) -> Annotated.class);
			given(testContext.hasApplicationContext()).willReturn(true);
			given(testContext.getApplicationContext()).willReturn(context);
			new CrayonApiSimulatorTestExecutionListener().afterTestMethod(testContext);
			assertThat(simulator.apiRequests()).isEmpty();
		}
	}

	@Test
	void listenerWhenTestClassNotAnnotatedThenSimulatorLeftAlone() throws Exception {
		try (CrayonApiSimulator simulator = CrayonApiSimulator.start();
				GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(CrayonApiSimulator.class, () -> simulator);
			context.refresh();
			status(simulator.baseUrl());
			TestContext testContext = mock(TestContext.class);
			given(testContext.getTestClass()).willAnswer((invocation) -> NotAnnotated.class);
			given(testContext.hasApplicationContext()).willReturn(true);
			given(testContext.getApplicationContext()).willReturn(context);
			new CrayonApiSimulatorTestExecutionListener().afterTestMethod(testContext);
			assertThat(simulator.apiRequests()).hasSize(1);
		}
	}

	private static int status(String baseUrl) {
		return WebClient.create(baseUrl)
			.get()
			.uri("/api/v1/me/")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	@EnableCrayonApiSimulator
	static class Annotated {

		class Inner {

		}

	}

	@EnableCrayonApiSimulator
	static class AlsoAnnotated {

	}

	@EnableCrayonApiSimulator(username = "bob", password = "bob-password", expiresIn = "90s")
	static class OtherUser {

	}

	static class NotAnnotated {

	}

}
