package com.crayon.token.autoconfigure.service;

import java.time.Duration;

import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonRestClientAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonWebClientAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrayonHttpServiceClientAutoConfiguration}: the {@code crayon} HTTP service
 * group, RestClient- or WebClient-backed, gets the token and the Crayon API's base URL; every
 * other group and client stays untouched.
 */
class CrayonHttpServiceClientAutoConfigurationTests {

	private static final String ME = "/api/v1/me/";

	private final TokenEndpoint crayon = new TokenEndpoint();

	private final TokenEndpoint elsewhere = new TokenEndpoint();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				CodecsAutoConfiguration.class, WebClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
				ReactiveHttpServiceClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class, CrayonRestClientAutoConfiguration.class,
				CrayonHttpServiceClientAutoConfiguration.class))
		.withPropertyValues(				"crayon.api.base-url=" + this.crayon.baseUrl(), "crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
				"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
				"crayon.api.username=" + TokenEndpoint.USERNAME, "crayon.api.password=" + TokenEndpoint.PASSWORD,
				"spring.http.serviceclient.other.base-url=" + this.elsewhere.baseUrl());

	CrayonHttpServiceClientAutoConfigurationTests() {
		this.crayon.answer(TokenEndpoint.tokenResponse("group-token", 3600));
		this.crayon.server().stubFor(get(urlPathEqualTo(ME)).willReturn(okJson("{\"UserName\":\"crayon\"}")));
		this.elsewhere.server().stubFor(get(urlPathEqualTo(ME)).willReturn(okJson("{\"UserName\":\"elsewhere\"}")));
	}

	@AfterEach
	void stopServers() {
		this.crayon.close();
		this.elsewhere.close();
	}

	@Test
	void restClientGroupWhenCalledThenCarriesTokenToCrayonBaseUrlAndOtherGroupNever() {
		this.contextRunner.withUserConfiguration(RestClientGroups.class).run((context) -> {
			assertThat(context.getBean(CrayonMe.class).me()).contains("crayon");
			assertThat(context.getBean(OtherMe.class).me()).contains("elsewhere");
		});
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", equalTo("Bearer group-token")));
		this.elsewhere.server().verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", absent()));
	}

	@Test
	void webClientGroupWhenCalledThenCarriesTokenToCrayonBaseUrlAndOtherGroupNever() {
		this.contextRunner.withUserConfiguration(WebClientGroups.class).run((context) -> {
			assertThat(context.getBean(ReactiveCrayonMe.class).me().block(Duration.ofSeconds(10))).contains("crayon");
			assertThat(context.getBean(ReactiveOtherMe.class).me().block(Duration.ofSeconds(10))).contains("elsewhere");
		});
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", equalTo("Bearer group-token")));
		this.elsewhere.server().verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", absent()));
	}

	@Test
	void restClientGroupWhenItsOwnBaseUrlIsSetThenKeptAndTokenSentBelowCrayonBaseUrl() {
		this.crayon.server().stubFor(get(urlPathEqualTo("/tenant" + ME)).willReturn(okJson("{\"Tenant\":1}")));
		this.contextRunner.withUserConfiguration(RestClientGroups.class)
			.withPropertyValues("spring.http.serviceclient.crayon.base-url=" + this.crayon.baseUrl() + "/tenant")
			.run((context) -> assertThat(context.getBean(CrayonMe.class).me()).contains("Tenant"));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo("/tenant" + ME)).withHeader("Authorization",
					equalTo("Bearer group-token")));
		this.crayon.server().verify(0, getRequestedFor(urlPathEqualTo(ME)));
	}

	@Test
	void groupWhenAnotherNameIsConfiguredThenOnlyThatGroupGetsTheToken() {
		this.contextRunner.withUserConfiguration(RestClientGroups.class)
			.withPropertyValues("crayon.api.http-service-group=other",
					"spring.http.serviceclient.crayon.base-url=" + this.crayon.baseUrl(),
					"spring.http.serviceclient.other.base-url=" + this.crayon.baseUrl())
			.run((context) -> {
				context.getBean(CrayonMe.class).me();
				context.getBean(OtherMe.class).me();
			});
		this.crayon.server().verify(2, getRequestedFor(urlPathEqualTo(ME)));
		this.crayon.server()
			.verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", equalTo("Bearer group-token")));
	}

	@Test
	void groupsWhenNamedClientsThenEachClientsGroupCarriesItsOwnUsersToken() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			namedClientsContextRunner(endpoint).withUserConfiguration(NamedClientGroups.class).run((context) -> {
				assertThat(context.getBean(ProdMe.class).me()).contains("alice");
				assertThat(context.getBean(DemoMe.class).me()).contains("bob");
				assertThat(context.getBean(ProdMe.class).demoMe()).as("@CrayonClient on the method").contains("bob");
			});
			assertThat(endpoint.tokenRequestsFor("alice")).isOne();
			assertThat(endpoint.tokenRequestsFor("bob")).isOne();
		}
	}

	@Test
	void groupWhenSubInterfaceAnnotatedWithCrayonClientThenInheritedMethodsCarryThatClientsToken() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			namedClientsContextRunner(endpoint).withUserConfiguration(InheritingGroups.class).run((context) -> {
				assertThat(context.getBean(DemoUsers.class).me()).as("inherited through @CrayonClient(\"demo\")")
					.contains("bob");
				assertThat(context.getBean(ProdMe.class).me()).contains("alice");
			});
			assertThat(endpoint.tokenRequestsFor("bob")).isOne();
		}
	}

	@Test
	void groupWhenItHoldsInterfacesThatGiveAnInheritedMethodDifferentClientsThenStartUpFailsNamingTheFix() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(AmbiguousGroups.class)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Users.me()")
					.hasMessageContaining("DemoUsers")
					.hasMessageContaining("client \"demo\"")
					.hasMessageContaining("the default client")
					.hasMessageContaining("annotate the method with @CrayonClient")
					.hasMessageContaining("@ImportHttpServices(group = \"demo\""));
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void startupWhenNamedClientsWithoutDefaultAndCrayonGroupRegisteredThenFailsNamingGroupClientsAndFix() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(RestClientGroups.class)
				.run((context) -> {
					assertThat(context).getFailure()
						.rootCause()
						.isInstanceOf(InvalidCrayonHttpServiceGroupException.class)
						.hasMessageContaining("'crayon'")
						.hasMessageContaining("CrayonMe")
						.hasMessageContaining("[demo, prod]")
						.hasMessageContaining("group 'demo' or 'prod'")
						.hasMessageContaining("crayon.api.username")
						.hasMessageNotContaining(TokenEndpoint.PASSWORD);
					FailureAnalysis analysis = new CrayonHttpServiceGroupFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("'crayon'");
					assertThat(analysis.getAction()).contains("@ImportHttpServices(group = \"demo\"")
						.contains("crayon.api.password");
				});
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void startupWhenNamedClientsWithoutDefaultAndWebClientCrayonGroupRegisteredThenFails() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(WebClientGroups.class)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidCrayonHttpServiceGroupException.class)
					.hasMessageContaining("'crayon'"));
		}
	}

	@Test
	void startupWhenNamedClientsWithoutDefaultAndConfiguredGroupRegisteredThenFailsNamingThatGroup() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(RestClientGroups.class)
				.withPropertyValues("crayon.api.http-service-group=other",
						"spring.http.serviceclient.crayon.base-url=" + endpoint.baseUrl())
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidCrayonHttpServiceGroupException.class)
					.hasMessageContaining("'other'")
					.hasMessageContaining("crayon.api.http-service-group"));
		}
	}

	@Test
	void startupWhenNamedClientsWithoutDefaultAndNoDefaultGroupThenStarts() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(NamedClientGroups.class)
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void groupWhenNamedAsTheDefaultGroupAndNoDefaultClientThenItsClientServesIt() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			namedClientsContextRunner(endpoint).withUserConfiguration(NamedClientGroups.class)
				.withPropertyValues("crayon.api.http-service-group=prod")
				.run((context) -> assertThat(context.getBean(ProdMe.class).me()).contains("alice"));
		}
	}

	@Test
	void startupWhenMethodNamesAClientOutsideItsGroupsBaseUrlThenFailsNamingClientBaseUrlsAndMethod() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(NamedClientGroups.class)
				.withPropertyValues("crayon.api.clients.demo.base-url=" + this.elsewhere.baseUrl())
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidCrayonHttpServiceGroupException.class)
					.hasMessageContaining("'prod'")
					.hasMessageContaining("ProdMe.demoMe()")
					.hasMessageContaining("'demo'")
					.hasMessageContaining(this.elsewhere.baseUrl())
					.hasMessageContaining(endpoint.baseUrl()));
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void startupWhenGroupsOwnBaseUrlIsInTheNamedClientsScopeThenStarts() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			namedClientsContextRunner(endpoint).withUserConfiguration(NamedClientGroups.class)
				.withPropertyValues("crayon.api.clients.demo.base-url=" + this.elsewhere.baseUrl(),
						"spring.http.serviceclient.prod.base-url=" + this.elsewhere.baseUrl() + "/tenant")
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	private static ApplicationContextRunner namedClientsContextRunner(TokenEndpoint endpoint) {
		return new ApplicationContextRunner().withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					CodecsAutoConfiguration.class, WebClientAutoConfiguration.class, RestClientAutoConfiguration.class,
					HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
					ReactiveHttpServiceClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
					CrayonWebClientAutoConfiguration.class, CrayonRestClientAutoConfiguration.class,
					CrayonHttpServiceClientAutoConfiguration.class))
			.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
					"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
					"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "crayon.api.clients.prod.username=alice",
					"crayon.api.clients.prod.password=" + TokenEndpoint.PASSWORD, "crayon.api.clients.demo.username=bob",
					"crayon.api.clients.demo.password=" + TokenEndpoint.PASSWORD);
	}

	@Test
	void restClientGroupWhenRedirectedThenNeverFollowsEvenIfGroupPropertiesSayFollow() {
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ME)).willReturn(
					aResponse().withStatus(302).withHeader("Location", this.elsewhere.baseUrl() + ME)));
		this.contextRunner.withUserConfiguration(RestClientGroups.class)
			.withPropertyValues("spring.http.clients.redirects=follow",
					"spring.http.serviceclient.crayon.redirects=follow")
			.run((context) -> assertThat(context.getBean(CrayonMe.class).entity().getStatusCode().value()).isEqualTo(302));
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ME)));
		assertThat(this.elsewhere.server().getAllServeEvents()).isEmpty();
	}

	@Test
	void webClientGroupWhenRedirectedThenNeverFollowsEvenIfGroupPropertiesSayFollow() {
		this.crayon.server()
			.stubFor(get(urlPathEqualTo(ME)).willReturn(
					aResponse().withStatus(302).withHeader("Location", this.elsewhere.baseUrl() + ME)));
		this.contextRunner.withUserConfiguration(WebClientGroups.class)
			.withPropertyValues("spring.http.clients.redirects=follow",
					"spring.http.serviceclient.crayon.redirects=follow")
			.run((context) -> assertThat(context.getBean(ReactiveCrayonMe.class).entity().block(Duration.ofSeconds(10)).getStatusCode().value())
				.isEqualTo(302));
		assertThat(this.elsewhere.server().getAllServeEvents()).isEmpty();
	}

	@Test
	void autoConfigurationWhenGroupsConfiguredThenNoGlobalCustomizerAndBootBuilderUntouched() {
		this.contextRunner.withUserConfiguration(RestClientGroups.class).run((context) -> {
			assertThat(context).hasSingleBean(CrayonRestClientHttpServiceGroupConfigurer.class)
				.hasSingleBean(CrayonWebClientHttpServiceGroupConfigurer.class);
			assertThat(context.getBeansOfType(RestClientCustomizer.class).values())
				.noneMatch((customizer) -> customizer.getClass().getName().startsWith("com.crayon"));
			assertThat(context.getBeansOfType(WebClientCustomizer.class).values())
				.noneMatch((customizer) -> customizer.getClass().getName().startsWith("com.crayon"));
			assertThat(ReflectionTestUtils.getField(context.getBean(RestClient.Builder.class), "interceptors")).isNull();
			assertThat(context.getBeansOfType(RestClientHttpServiceGroupConfigurer.class)).isNotEmpty();
			assertThat(context.getBeansOfType(WebClientHttpServiceGroupConfigurer.class)).isNotEmpty();
		});
	}

	@Test
	void autoConfigurationWhenNoHttpServicesThenNoGroupConfigurers() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CrayonRestClientHttpServiceGroupConfigurer.class)
			.doesNotHaveBean(CrayonWebClientHttpServiceGroupConfigurer.class));
	}

	@Test
	void autoConfigurationWhenDisabledThenGroupsUntouched() {
		this.contextRunner.withUserConfiguration(RestClientGroups.class)
			.withPropertyValues("crayon.api.enabled=false",
					"spring.http.serviceclient.crayon.base-url=" + this.crayon.baseUrl())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CrayonRestClientHttpServiceGroupConfigurer.class);
				context.getBean(CrayonMe.class).me();
			});
		this.crayon.server().verify(1, getRequestedFor(urlPathEqualTo(ME)).withHeader("Authorization", absent()));
	}

	interface CrayonMe {

		@GetExchange(ME)
		String me();

		@GetExchange(ME)
		ResponseEntity<Void> entity();

	}

	interface OtherMe {

		@GetExchange(ME)
		String me();

	}

	interface ReactiveCrayonMe {

		@GetExchange(ME)
		Mono<String> me();

		@GetExchange(ME)
		Mono<ResponseEntity<Void>> entity();

	}

	interface ReactiveOtherMe {

		@GetExchange(ME)
		Mono<String> me();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "crayon", types = CrayonMe.class)
	@ImportHttpServices(group = "other", types = OtherMe.class)
	static class RestClientGroups {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "crayon", types = ReactiveCrayonMe.class, clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	@ImportHttpServices(group = "other", types = ReactiveOtherMe.class, clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class WebClientGroups {

	}

	@ImportHttpServices(group = "prod", types = ProdMe.class)
	@ImportHttpServices(group = "demo", types = DemoMe.class)
	static class NamedClientGroups {

	}

	interface ProdMe {

		@GetExchange(ME)
		String me();

		@com.crayon.token.web.CrayonClient("demo")
		@GetExchange(ME)
		String demoMe();

	}

	interface DemoMe {

		@GetExchange(ME)
		String me();

	}

	@ImportHttpServices(group = "prod", types = { ProdMe.class, DemoUsers.class })
	static class InheritingGroups {

	}

	@ImportHttpServices(group = "prod", types = { Users.class, DemoUsers.class })
	static class AmbiguousGroups {

	}

	interface Users {

		@GetExchange(ME)
		String me();

	}

	@com.crayon.token.web.CrayonClient("demo")
	interface DemoUsers extends Users {

	}

}
