package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrayonRestClientAutoConfiguration}: {@code crayonRestClient} sends the token
 * and never follows a redirect, and adding the starter leaves the application's own
 * {@code RestClient} beans and builder alone.
 */
class CrayonRestClientAutoConfigurationTests {

	private static final String[] CREDENTIALS = { "crayon.api.client-id=test-client",
			"crayon.api.client-secret=test-secret", "crayon.api.username=test-user",
			"crayon.api.password=test-password" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				CodecsAutoConfiguration.class, WebClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				CrayonTokenAutoConfiguration.class, CrayonWebClientAutoConfiguration.class,
				CrayonRestClientAutoConfiguration.class));

	@Test
	void crayonRestClientWhenCalledThenSendsBearerTokenFromBoundProperties() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-from-context", 3600));
			endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{\"UserName\":\"u\"}")));
			this.contextRunner.withPropertyValues(credentialsFor(endpoint.baseUrl() + "/")).run((context) -> {
				RestClient restClient = context.getBean("crayonRestClient", RestClient.class);
				assertThat(restClient.get().uri("/api/v1/me/").retrieve().body(String.class)).contains("UserName");
			});
			endpoint.server()
				.verify(getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization",
						equalTo("Bearer token-from-context")));
			assertThat(endpoint.tokenRequests()).isOne();
		}
	}

	@Test
	void crayonRestClientWhenRedirectedThenNeverFollowsEvenIfBootIsToldTo() {
		try (TokenEndpoint crayon = new TokenEndpoint(); TokenEndpoint elsewhere = new TokenEndpoint()) {
			crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			crayon.server()
				.stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(
						aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + "/api/v1/me/")));
			elsewhere.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{}")));
			this.contextRunner.withPropertyValues(credentialsFor(crayon.baseUrl()))
				.withPropertyValues("spring.http.clients.redirects=follow")
				.run((context) -> {
					RestClient restClient = context.getBean("crayonRestClient", RestClient.class);
					Integer status = restClient.get()
						.uri("/api/v1/me/")
						.exchange((request, response) -> response.getStatusCode().value());
					assertThat(status).isEqualTo(302);
				});
			crayon.server().verify(1, getRequestedFor(urlPathEqualTo("/api/v1/me/")));
			assertThat(elsewhere.server().getAllServeEvents()).isEmpty();
		}
	}

	@Test
	void crayonRestClientWhenApplicationHasItsOwnRequestFactoryThenUsesItAsIs() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{}")));
			this.contextRunner.withPropertyValues(credentialsFor(endpoint.baseUrl()))
				.withUserConfiguration(CountingRequestFactoryConfiguration.class)
				.run((context) -> {
					RestClient restClient = context.getBean("crayonRestClient", RestClient.class);
					restClient.get().uri("/api/v1/me/").retrieve().toBodilessEntity();
					assertThat(context.getBean(CountingRequestFactory.class).requests).hasValue(1);
				});
			endpoint.server()
				.verify(getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization",
						equalTo("Bearer token-1")));
		}
	}

	@Test
	void crayonRestClientWhenApplicationHasRestClientCustomizerThenAppliedToCloneOnly() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{}")));
			RestClient.Builder builder = RestClient.builder();
			this.contextRunner.withPropertyValues(credentialsFor(endpoint.baseUrl()))
				.withBean(RestClientCustomizer.class, () -> (restClient) -> restClient.defaultHeader("X-App", "yes"))
				.withBean(RestClient.Builder.class, () -> builder)
				.run((context) -> {
					context.getBean("crayonRestClient", RestClient.class)
						.get()
						.uri("/api/v1/me/")
						.retrieve()
						.toBodilessEntity();
					assertThat(ReflectionTestUtils.getField(builder, "interceptors")).isNull();
					assertThat(ReflectionTestUtils.getField(builder, "baseUrl")).isNull();
					assertThat(ReflectionTestUtils.getField(builder, "requestFactory")).isNull();
				});
			endpoint.server()
				.verify(getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization",
						equalTo("Bearer token-1")));
		}
	}

	@Test
	void crayonRestClientWhenApplicationAsksForAnyRestClientThenNotOffered() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(AsksForAnyRestClient.class)
			.run((context) -> {
				assertThat(context).hasBean("crayonRestClient");
				AsksForAnyRestClient component = context.getBean(AsksForAnyRestClient.class);
				assertThat(component.restClient).isNull();
				assertThat(component.restClients.getIfAvailable()).isNull();
			});
	}

	@Test
	void crayonRestClientWhenApplicationInjectsItsOwnByTypeThenGetsItsOwn() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withUserConfiguration(ApplicationRestClient.class, InjectsRestClients.class)
			.run((context) -> {
				InjectsRestClients component = context.getBean(InjectsRestClients.class);
				assertThat(component.byType).isSameAs(context.getBean("applicationRestClient"));
				assertThat(component.crayon).isSameAs(context.getBean("crayonRestClient"));
			});
	}

	@Test
	void generalPurposeClientWhenItCarriesTheInterceptorThenTokenOnlyGoesToCrayon() {
		try (TokenEndpoint crayon = new TokenEndpoint(); TokenEndpoint elsewhere = new TokenEndpoint()) {
			crayon.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			crayon.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{}")));
			elsewhere.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(okJson("{}")));
			this.contextRunner.withPropertyValues(credentialsFor(crayon.baseUrl())).run((context) -> {
				RestClient general = context.getBean(RestClient.Builder.class)
					.requestInterceptor(context.getBean(CrayonBearerClientHttpRequestInterceptor.class))
					.build();
				general.get().uri(elsewhere.baseUrl() + "/api/v1/me/").retrieve().toBodilessEntity();
				general.get().uri(crayon.baseUrl() + "/api/v1/me/").retrieve().toBodilessEntity();
			});
			elsewhere.server().verify(1, getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", absent()));
			crayon.server()
				.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization",
						equalTo("Bearer token-1")));
		}
	}

	@Test
	void interceptorAndRestClientWhenUserDefinesThemThenBackOff() {
		CrayonBearerClientHttpRequestInterceptor own = new CrayonBearerClientHttpRequestInterceptor(
				CrayonClientRegistry.tokenService(CrayonClientSettings.of("https://api.crayon.com"),
				CrayonCredentials.of("id", "secret", "user", "password")),
				"https://api.crayon.com");
		RestClient ownRestClient = RestClient.create();
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withBean(CrayonBearerClientHttpRequestInterceptor.class, () -> own)
			.withBean("crayonRestClient", RestClient.class, () -> ownRestClient)
			.run((context) -> {
				assertThat(context).getBean(CrayonBearerClientHttpRequestInterceptor.class).isSameAs(own);
				assertThat(context.getBean("crayonRestClient")).isSameAs(ownRestClient);
			});
	}

	@Test
	void autoConfigurationWhenSpringBootRestClientAbsentThenTokenServiceAndWebClientStillWork() {
		new ApplicationContextRunner()
			.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
					WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
					CrayonWebClientAutoConfiguration.class, CrayonRestClientAutoConfiguration.class))
			.withPropertyValues(CREDENTIALS)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CrayonTokenService.class)
					.hasBean("crayonWebClient")
					.doesNotHaveBean("crayonRestClient")
					.doesNotHaveBean(CrayonBearerClientHttpRequestInterceptor.class);
				assertThat(context.getBean("crayonWebClient")).isInstanceOf(WebClient.class);
			});
	}

	@Test
	void autoConfigurationWhenDisabledThenNoRestClient() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("crayonRestClient")
				.doesNotHaveBean(CrayonBearerClientHttpRequestInterceptor.class));
	}

	private static String[] credentialsFor(String baseUrl) {
		return new String[] { "crayon.api.base-url=" + baseUrl, "crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
				"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
				"crayon.api.username=" + TokenEndpoint.USERNAME, "crayon.api.password=" + TokenEndpoint.PASSWORD };
	}

	/** An application's own request factory, counting the requests it creates. */
	static final class CountingRequestFactory implements ClientHttpRequestFactory {

		final AtomicInteger requests = new AtomicInteger();

		private final ClientHttpRequestFactory delegate = new JdkClientHttpRequestFactory();

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
			this.requests.incrementAndGet();
			return this.delegate.createRequest(uri, httpMethod);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingRequestFactoryConfiguration {

		@Bean
		CountingRequestFactory applicationRequestFactory() {
			return new CountingRequestFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationRestClient {

		@Bean
		RestClient applicationRestClient() {
			return RestClient.create("https://example.org");
		}

	}

	static class AsksForAnyRestClient {

		final @Nullable RestClient restClient;

		final ObjectProvider<RestClient> restClients;

		AsksForAnyRestClient(@Autowired(required = false) @Nullable RestClient restClient,
				ObjectProvider<RestClient> restClients) {
			this.restClient = restClient;
			this.restClients = restClients;
		}

	}

	static class InjectsRestClients {

		final RestClient byType;

		final RestClient crayon;

		InjectsRestClients(RestClient byType, @Qualifier("crayonRestClient") RestClient crayon) {
			this.byType = byType;
			this.crayon = crayon;
		}

	}

}
