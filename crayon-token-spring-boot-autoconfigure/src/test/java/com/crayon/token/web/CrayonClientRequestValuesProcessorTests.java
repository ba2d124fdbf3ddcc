package com.crayon.token.web;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpRequestValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link CrayonClientRequestValuesProcessor}: the client of a method is resolved against
 * the service types the processor is created with, never against the method's declaring type alone.
 */
class CrayonClientRequestValuesProcessorTests {

	@Test
	void requestsOutsideTheirClientWhenGroupBaseUrlOutsideNamedClientThenNamesMethodClientAndUrls() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(ScopedCalls.class);
		assertThat(processor.requestsOutsideTheirClient(scopedClients(), "https://api.example.com"))
			.singleElement()
			.asString()
			.contains("ScopedCalls.demoMe()")
			.contains("'demo'")
			.contains("https://demo.example.com/tenant")
			.contains("https://api.example.com/api/v1/me/");
	}

	@Test
	void requestsOutsideTheirClientWhenUrlAbsoluteTakenAsArgumentOrClientRegisteredAtRunTimeThenNotJudged() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(UnjudgedCalls.class);
		assertThat(processor.requestsOutsideTheirClient(scopedClients(), "https://api.example.com")).isEmpty();
	}

	@Test
	void requestsOutsideTheirClientWhenTemplatedPathMayReachTheClientsBasePathThenNotJudged() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(TemplatedCalls.class);
		assertThat(processor.requestsOutsideTheirClient(scopedClients(), "https://demo.example.com")).isEmpty();
		assertThat(processor.requestsOutsideTheirClient(scopedClients(), "https://api.example.com")).as("another host")
			.hasSize(1);
	}

	@Test
	void requestsOutsideTheirClientWhenGroupBaseUrlInsideOneNamedClientThenOnlyTheOtherClientsMethod() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(ScopedCalls.class);
		assertThat(processor.requestsOutsideTheirClient(scopedClients(), "https://demo.example.com/tenant/"))
			.singleElement()
			.asString()
			.contains("ScopedCalls.prodMe()")
			.contains("'prod'");
	}

	private static CrayonClientRegistry scopedClients() {
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of("https://api.example.com"),
				CrayonCredentials.of("id", "secret-value", "user", "password-value"));
		return CrayonClientRegistry.builder()
			.client("prod", tokens, "https://api.example.com")
			.client("demo", tokens, "https://demo.example.com/tenant")
			.build();
	}

	@Test
	void processWhenMethodInheritedThroughAnnotatedSubInterfaceThenThatClient() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(DemoOrganizations.class);
		assertThat(attributes(processor, Organizations.class, "list"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "demo");
	}

	@Test
	void processWhenMethodAnnotatedThenMethodWinsOverType() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(DemoOrganizations.class);
		assertThat(attributes(processor, Organizations.class, "prodList"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "prod");
		assertThat(attributes(processor, DemoOrganizations.class, "count"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "prod");
	}

	@Test
	void processWhenTypeNotAnnotatedThenNoClientAttribute() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(Organizations.class);
		assertThat(attributes(processor, Organizations.class, "list"))
			.doesNotContainKey(CrayonRequestAttributes.CLIENT_NAME);
		assertThat(attributes(processor, Organizations.class, "prodList"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "prod");
	}

	@Test
	void processWhenAnnotationOnSuperInterfaceThenInheritedBySubInterface() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(MoreDemoOrganizations.class);
		assertThat(attributes(processor, Organizations.class, "list"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "demo");
	}

	@Test
	void processWhenTypesGiveOneMethodTheSameClientThenThatClient() {
		CrayonClientRequestValuesProcessor processor = new CrayonClientRequestValuesProcessor(
				List.of(DemoOrganizations.class, MoreDemoOrganizations.class));
		assertThat(attributes(processor, Organizations.class, "list"))
			.containsEntry(CrayonRequestAttributes.CLIENT_NAME, "demo");
	}

	@Test
	void constructorWhenTypeAndAnnotatedSubInterfaceThenFailsNamingMethodTypesAndFix() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CrayonClientRequestValuesProcessor.forServiceTypes(Organizations.class,
					DemoOrganizations.class))
			.withMessageContaining("Organizations.list()")
			.withMessageContaining("the default client through CrayonClientRequestValuesProcessorTests.Organizations")
			.withMessageContaining("client \"demo\" through CrayonClientRequestValuesProcessorTests.DemoOrganizations")
			.withMessageContaining("annotate the method with @CrayonClient, or register the interfaces in HTTP "
					+ "service groups of their own")
			.withMessageContaining("@ImportHttpServices(group = \"demo\"");
	}

	@Test
	void constructorWhenSubInterfacesOfDifferentClientsThenFailsNamingBothClients() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CrayonClientRequestValuesProcessor.forServiceTypes(ProdOrganizations.class,
					DemoOrganizations.class))
			.withMessageContaining("Organizations.list()")
			.withMessageContaining("client \"prod\" through CrayonClientRequestValuesProcessorTests.ProdOrganizations")
			.withMessageContaining("client \"demo\" through CrayonClientRequestValuesProcessorTests.DemoOrganizations")
			.withMessageNotContaining("prodList");
	}

	@Test
	void processWhenMethodOfUnknownTypeThenFailsNamingIt() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(DemoOrganizations.class);
		assertThatIllegalStateException().isThrownBy(() -> attributes(processor, Invoices.class, "list"))
			.withMessageContaining("CrayonClientRequestValuesProcessorTests.Invoices.list()")
			.withMessageContaining("must be created with every service type");
	}

	@Test
	void processWhenDefaultMethodWithoutHttpExchangeThenNotKnown() {
		CrayonClientRequestValuesProcessor processor = CrayonClientRequestValuesProcessor
			.forServiceTypes(DemoOrganizations.class);
		assertThatIllegalStateException().isThrownBy(() -> attributes(processor, Organizations.class, "first"));
	}

	private static Map<String, Object> attributes(CrayonClientRequestValuesProcessor processor, Class<?> type,
			String name) {
		Method method = ReflectionUtils.findMethod(type, name);
		assertThat(method).as(name).isNotNull();
		HttpRequestValues.Builder builder = HttpRequestValues.builder();
		processor.process(method, new MethodParameter[0], new Object[0], builder);
		return builder.build().getAttributes();
	}

	interface Organizations {

		@GetExchange("/api/v1/organizations/")
		String list();

		@CrayonClient("prod")
		@GetExchange("/api/v1/organizations/")
		String prodList();

		default String first() {
			return list();
		}

	}

	@CrayonClient("demo")
	interface DemoOrganizations extends Organizations {

		@CrayonClient("prod")
		@GetExchange("/api/v1/organizations/count")
		String count();

	}

	@CrayonClient("prod")
	interface ProdOrganizations extends Organizations {

	}

	interface MoreDemoOrganizations extends DemoOrganizations {

	}

	interface Invoices {

		@GetExchange("/api/v1/invoices/")
		String list();

	}

	interface ScopedCalls {

		@CrayonClient("prod")
		@GetExchange("/api/v1/me/")
		String prodMe();

		@CrayonClient("demo")
		@GetExchange("/api/v1/me/")
		String demoMe();

		@GetExchange("/api/v1/me/")
		String defaultMe();

	}

	interface TemplatedCalls {

		@CrayonClient("demo")
		@GetExchange("/{tenant}/api/v1/me/")
		String templated(String tenant);

	}

	interface UnjudgedCalls {

		@CrayonClient("demo")
		@GetExchange("https://demo.example.com/tenant/api/v1/me/")
		String absolute();

		@CrayonClient("demo")
		@GetExchange
		String anywhere(java.net.URI url);

		@CrayonClient("partner-42")
		@GetExchange("/api/v1/me/")
		String registeredAtRunTime();

	}

}
