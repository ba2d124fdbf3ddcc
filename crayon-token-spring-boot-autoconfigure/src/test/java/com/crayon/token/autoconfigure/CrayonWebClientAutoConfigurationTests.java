package com.crayon.token.autoconfigure;

import java.time.Duration;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CrayonWebClientAutoConfiguration}: {@code crayonWebClient} sends the token,
 * and adding the starter leaves the application's own {@code WebClient} beans and builder alone.
 */
class CrayonWebClientAutoConfigurationTests {

	private static final String[] CREDENTIALS = { "crayon.api.client-id=test-client",
			"crayon.api.client-secret=test-secret", "crayon.api.username=test-user",
			"crayon.api.password=test-password" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class));

	@Test
	void crayonWebClientWhenCalledThenSendsBearerTokenFromBoundProperties() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-from-context", 3600));
			endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{\"UserName\":\"u\"}")));
			this.contextRunner.withPropertyValues(TokenEndpoint.crayonApiProperties(endpoint.baseUrl() + "/")).run((context) -> {
				WebClient webClient = context.getBean("crayonWebClient", WebClient.class);
				String body = webClient.get().uri("/api/v1/me/").retrieve().bodyToMono(String.class)
					.block(Duration.ofSeconds(10));
				assertThat(body).contains("UserName");
			});
			endpoint.server()
				.verify(getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization",
						equalTo("Bearer token-from-context")));
			assertThat(endpoint.tokenRequests()).isOne();
		}
	}

	@Test
	void crayonWebClientAndTokenRequestWhenRedirectedThenNeverFollowToAnotherHost() {
		try (TokenEndpoint crayon = new TokenEndpoint(); TokenEndpoint elsewhere = new TokenEndpoint()) {
			crayon.answerInTurn(
					aResponse().withStatus(307).withHeader("Location", elsewhere.baseUrl() + TokenEndpoint.TOKEN_PATH),
					TokenEndpoint.tokenResponse("token-1", 3600));
			crayon.server()
				.stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(
						aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + "/api/v1/me/")));
			this.contextRunner.withPropertyValues(crayon.crayonApiProperties())
				.withPropertyValues("crayon.api.token.retry.initial-backoff=1ms", "crayon.api.token.retry.max-backoff=1ms")
				.run((context) -> {
					CrayonTokenService tokens = context.getBean(CrayonTokenService.class);
					assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(tokens::getToken)
						.withMessageContaining("never follow redirects");
					WebClient webClient = context.getBean("crayonWebClient", WebClient.class);
					Integer status = webClient.get()
						.uri("/api/v1/me/")
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
						.onErrorResume(CrayonTokenException.class, (ex) -> reactor.core.publisher.Mono.just(-1))
						.block(Duration.ofSeconds(10));
					assertThat(status).isIn(302, -1);
				});
			assertThat(elsewhere.server().getAllServeEvents()).isEmpty();
		}
	}

	@Test
	void crayonWebClientWhenApplicationInjectsItsOwnWebClientByTypeThenStarts() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(ApplicationWebClient.class, InjectsWebClientByType.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(InjectsWebClientByType.class).webClient)
					.isSameAs(context.getBean("applicationWebClient"));
				assertThat(context).hasBean("crayonWebClient");
			});
	}

	@Test
	void crayonWebClientWhenApplicationAsksForAnyWebClientThenNotOffered() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(AsksForAnyWebClient.class)
			.run((context) -> {
				assertThat(context).hasBean("crayonWebClient");
				AsksForAnyWebClient component = context.getBean(AsksForAnyWebClient.class);
				assertThat(component.webClient).isNull();
				assertThat(component.webClients.getIfAvailable()).isNull();
			});
	}

	@Test
	void crayonWebClientWhenQualifiedByNameThenInjected() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(ApplicationWebClient.class, InjectsCrayonWebClient.class)
			.run((context) -> assertThat(context.getBean(InjectsCrayonWebClient.class).webClient)
				.isSameAs(context.getBean("crayonWebClient")));
	}

	@Test
	void builderWhenApplicationDeclaresSingletonBuilderThenLeftUnchanged() {
		WebClient.Builder builder = WebClient.builder();
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withBean(WebClient.Builder.class, () -> builder)
			.run((context) -> {
				assertThat(context).hasBean("crayonWebClient");
				builder.filters((filters) -> assertThat(filters).isEmpty());
				assertThat(ReflectionTestUtils.getField(builder, "baseUrl")).isNull();
				assertThat(ReflectionTestUtils.getField(builder, "connector")).isNull();
				assertThat(ReflectionTestUtils.getField(builder, "strategiesConfigurers")).isNull();
			});
	}

	@Test
	void filterWhenUserDefinesOneThenBacksOff() {
		CrayonBearerExchangeFilterFunction own = new CrayonBearerExchangeFilterFunction(
				CrayonClientRegistry.tokenService(CrayonClientSettings.of("https://api.crayon.com"),
				CrayonCredentials.of("id", "secret", "user", "password")),
				"https://api.crayon.com");
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withBean(CrayonBearerExchangeFilterFunction.class, () -> own)
			.run((context) -> assertThat(context).getBean(CrayonBearerExchangeFilterFunction.class).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationWebClient {

		@Bean
		WebClient applicationWebClient() {
			return WebClient.create("https://example.org");
		}

	}

	static class InjectsWebClientByType {

		final WebClient webClient;

		InjectsWebClientByType(WebClient webClient) {
			this.webClient = webClient;
		}

	}

	static class AsksForAnyWebClient {

		final @Nullable WebClient webClient;

		final ObjectProvider<WebClient> webClients;

		AsksForAnyWebClient(@Autowired(required = false) @Nullable WebClient webClient,
				ObjectProvider<WebClient> webClients) {
			this.webClient = webClient;
			this.webClients = webClients;
		}

	}

	static class InjectsCrayonWebClient {

		final WebClient webClient;

		InjectsCrayonWebClient(@Qualifier("crayonWebClient") WebClient webClient) {
			this.webClient = webClient;
		}

	}

}
