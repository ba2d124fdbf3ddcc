package com.crayon.token.test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link CrayonApiSimulatorContextCustomizerFactory},
 * {@link CrayonApiSimulatorContextCustomizer} (with {@link ApplicationClients}) and
 * {@link CrayonApiSimulatorTestExecutionListener}.
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

	@Test
	void propertiesWhenApplicationConfiguresNoClientThenTopLevelClientAsBefore() {
		try (GenericApplicationContext context = customized(Annotated.class, Map.of())) {
			CrayonApiSimulator simulator = context.getBean(CrayonApiSimulator.class);
			assertThat(property(context, "crayon.api.base-url")).isEqualTo(simulator.baseUrl());
			assertThat(property(context, "crayon.api.client-id")).isEqualTo(CrayonApiSimulator.DEFAULT_CLIENT_ID);
			assertThat(property(context, "crayon.api.username")).isEqualTo(CrayonApiSimulator.DEFAULT_USERNAME);
			assertThat(property(context, "crayon.api.password")).isEqualTo(CrayonApiSimulator.DEFAULT_PASSWORD);
			assertThat(property(context, "crayon.api.token-uri")).isNull();
			assertThat(clientNames(context)).isEmpty();
		}
	}

	@Test
	void propertiesWhenApplicationHasOnlyNamedClientsThenEachItsOwnUserAndNoTopLevelUser() {
		Map<String, Object> application = Map.of("crayon.api.client-id", "shared-client", "crayon.api.client-secret",
				"shared-secret", "crayon.api.clients.prod.username", "prod-user", "crayon.api.clients.prod.password",
				"prod-password", "crayon.api.clients.demo.base-url", "https://demoapi.crayon.com",
				"crayon.api.clients.demo.username", "demo-user");
		try (GenericApplicationContext context = customized(Annotated.class, application)) {
			CrayonApiSimulator simulator = context.getBean(CrayonApiSimulator.class);
			assertThat(clientNames(context)).containsExactlyInAnyOrder("prod", "demo");
			assertThat(property(context, "crayon.api.username")).isNull();
			assertThat(property(context, "crayon.api.password")).isNull();
			assertThat(property(context, "crayon.api.client-id")).isEqualTo("shared-client");
			for (String name : List.of("prod", "demo")) {
				String prefix = "crayon.api.clients." + name + ".";
				assertThat(property(context, prefix + "base-url")).isEqualTo(simulator.baseUrl());
				assertThat(property(context, prefix + "client-id")).isEqualTo(CrayonApiSimulator.DEFAULT_CLIENT_ID);
				assertThat(property(context, prefix + "client-secret"))
					.isEqualTo(CrayonApiSimulator.DEFAULT_CLIENT_SECRET);
				assertThat(property(context, prefix + "username")).isEqualTo("test-user-" + name);
				assertThat(token(simulator, "test-user-" + name, property(context, prefix + "password"))).isNotNull();
			}
			assertThat(simulator.tokenRequests()).extracting(RecordedTokenRequest::username)
				.containsExactly("test-user-prod", "test-user-demo");
		}
	}

	@Test
	void propertiesWhenApplicationHasCompleteTopLevelAndNamedClientsThenBothServed() {
		Map<String, Object> application = Map.of("crayon.api.client-id", "top-client", "crayon.api.client-secret",
				"top-secret", "crayon.api.username", "top-user", "crayon.api.password", "top-password",
				"crayon.api.clients.demo.username", "demo-user");
		try (GenericApplicationContext context = customized(OtherUser.class, application)) {
			CrayonApiSimulator simulator = context.getBean(CrayonApiSimulator.class);
			assertThat(property(context, "crayon.api.username")).isEqualTo("bob");
			assertThat(property(context, "crayon.api.clients.demo.username")).isEqualTo("bob-demo");
			assertThat(token(simulator, "bob", "bob-password")).isNotNull();
			assertThat(token(simulator, "bob-demo", property(context, "crayon.api.clients.demo.password"))).isNotNull();
		}
	}

	@Test
	void propertiesWhenNamedClientIsCalledDefaultThenTopLevelCredentialsLeftAlone() {
		Map<String, Object> application = Map.of("crayon.api.client-id", "top-client", "crayon.api.client-secret",
				"top-secret", "crayon.api.username", "top-user", "crayon.api.password", "top-password",
				"crayon.api.clients.default.username", "default-user");
		try (GenericApplicationContext context = customized(Annotated.class, application)) {
			assertThat(property(context, "crayon.api.username")).isEqualTo("top-user");
			assertThat(property(context, "crayon.api.clients.default.username")).isEqualTo("test-user-default");
		}
	}

	@Test
	void propertiesWhenApplicationSetsTokenUrisThenEachPointsAtTheSimulator() {
		Map<String, Object> application = Map.of("crayon.api.token-uri", "https://login.example.com/token",
				"crayon.api.clients.prod.token-uri", "https://login.example.com/prod/token",
				"crayon.api.clients.demo.username", "demo-user");
		try (GenericApplicationContext context = customized(Annotated.class, application)) {
			CrayonApiSimulator simulator = context.getBean(CrayonApiSimulator.class);
			assertThat(property(context, "crayon.api.token-uri")).isEqualTo(simulator.tokenUri());
			assertThat(property(context, "crayon.api.clients.prod.token-uri")).isEqualTo(simulator.tokenUri());
			assertThat(property(context, "crayon.api.clients.demo.token-uri")).isNull();
		}
	}

	@Test
	void propertiesWhenAnnotationNamesClientsThenServedBesidesTheApplicationsOwn() {
		try (GenericApplicationContext context = customized(NamedClients.class,
				Map.of("crayon.api.clients.prod.username", "prod-user"))) {
			assertThat(clientNames(context)).containsExactlyInAnyOrder("prod", "demo");
			assertThat(property(context, "crayon.api.username")).isNull();
			assertThat(property(context, "crayon.api.clients.demo.username")).isEqualTo("test-user-demo");
		}
	}

	@Test
	void propertiesWhenTestSetsANamedClientsPasswordItselfThenTheTestsWins() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
					Map.of("crayon.api.clients.prod.password", "not-the-password")));
		this.factory.createContextCustomizer(Annotated.class, List.of())
			.customizeContext(context, mock(MergedContextConfiguration.class));
		context.refresh();
		try (context) {
			assertThat(property(context, "crayon.api.clients.prod.password")).isEqualTo("not-the-password");
			assertThat(property(context, "crayon.api.clients.prod.username")).isEqualTo("test-user-prod");
			assertThat(property(context, "crayon.api.username")).isNull();
		}
	}

	@Test
	void customizerWhenOtherClientsThenNotEqual() {
		assertThat(this.factory.createContextCustomizer(NamedClients.class, List.of()))
			.isNotEqualTo(this.factory.createContextCustomizer(Annotated.class, List.of()));
	}

	private GenericApplicationContext customized(Class<?> testClass, Map<String, Object> application) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addLast(new MapPropertySource("application", application));
		this.factory.createContextCustomizer(testClass, List.of())
			.customizeContext(context, mock(MergedContextConfiguration.class));
		context.refresh();
		return context;
	}

	private static @Nullable String property(GenericApplicationContext context, String name) {
		return Binder.get(context.getEnvironment()).bind(name, String.class).orElse(null);
	}

	private static Set<String> clientNames(GenericApplicationContext context) {
		return Binder.get(context.getEnvironment())
			.bind("crayon.api.clients", Bindable.mapOf(String.class, Object.class))
			.orElseGet(Map::of)
			.keySet();
	}

	private static CrayonAccessToken token(CrayonApiSimulator simulator, String username, @Nullable String password) {
		return CrayonClientRegistry.tokenService(CrayonClientSettings.of(simulator.baseUrl()),
				CrayonCredentials.of(simulator.clientId(), simulator.clientSecret(), username, password))
			.getToken();
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

	@EnableCrayonApiSimulator(clients = "demo")
	static class NamedClients {

	}

	static class NotAnnotated {

	}

}
