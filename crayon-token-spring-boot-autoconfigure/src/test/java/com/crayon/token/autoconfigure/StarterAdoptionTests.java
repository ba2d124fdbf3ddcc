package com.crayon.token.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import ch.qos.logback.classic.Level;
import com.crayon.token.CapturedLogs;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter added to an application that debugs its HTTP calls (request details logged at
 * TRACE) and has its own {@code WebClient} and singleton builder, run against rejected
 * credentials and against an API that rejects every token: it starts, leaks nothing, and makes
 * one token request per backoff window.
 */
class StarterAdoptionTests {

	private static final int CALLS = 50;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class))
		.withUserConfiguration(ApplicationClients.class)
		.withPropertyValues("spring.http.codecs.log-request-details=true",
				"crayon.api.token.retry.max-backoff=1h", "crayon.api.token.retry.credential-backoff=1h",
				"crayon.api.token.retry.max-credential-backoff=1h");

	@Test
	void starterWhenCredentialsRejectedThenOneTokenRequestAndNoLeak() {
		try (TokenEndpoint endpoint = new TokenEndpoint();
				CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE)) {
			endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties()).run((context) -> {
				assertThat(context).hasNotFailed();
				WebClient crayon = context.getBean("crayonWebClient", WebClient.class);
				for (int i = 0; i < CALLS; i++) {
					assertThat(call(crayon)).isEqualTo("CrayonTokenException");
				}
				assertApplicationClientsUntouched(context.getBean(ApplicationClients.class));
			});
			assertThat(endpoint.tokenRequests()).isOne();
			assertNoLeak(logs.everything());
		}
	}

	@Test
	void starterWhenApiRejectsEveryTokenThenOneReauthenticationAndNoLeak() {
		try (TokenEndpoint endpoint = new TokenEndpoint();
				CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE)) {
			endpoint.answerInTurn(TokenEndpoint.tokenResponse("first-rejected-token", 3600),
					TokenEndpoint.tokenResponse("second-rejected-token", 3600),
					TokenEndpoint.tokenResponse("third-rejected-token", 3600));
			endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).willReturn(aResponse().withStatus(401)));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties()).run((context) -> {
				assertThat(context).hasNotFailed();
				WebClient crayon = context.getBean("crayonWebClient", WebClient.class);
				for (int i = 0; i < CALLS; i++) {
					assertThat(call(crayon)).isEqualTo("401");
				}
				assertApplicationClientsUntouched(context.getBean(ApplicationClients.class));
			});
			assertThat(endpoint.tokenRequests()).isEqualTo(2);
			endpoint.server().verify(CALLS + 1, getRequestedFor(urlPathEqualTo("/api/v1/me/")));
			assertNoLeak(logs.everything().replaceAll("(?m)^.*(wiremock|WireMock|tomakehurst).*$", ""));
		}
	}

	private static String call(WebClient crayon) {
		return crayon.get()
			.uri("/api/v1/me/")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(String.valueOf(response.statusCode().value())))
			.onErrorResume((ex) -> Mono.just(ex.getClass().getSimpleName()))
			.block(Duration.ofSeconds(10));
	}

	private static void assertApplicationClientsUntouched(ApplicationClients clients) {
		assertThat(clients.injectedByType).isSameAs(clients.webClient);
		clients.builder.filters((filters) -> assertThat(filters).isEmpty());
	}

	private static void assertNoLeak(String logs) {
		String basic = Base64.getEncoder()
			.encodeToString((TokenEndpoint.CLIENT_ID + ":" + TokenEndpoint.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		assertThat(logs).contains("headers={masked}")
			.doesNotContain(TokenEndpoint.CLIENT_SECRET)
			.doesNotContain(TokenEndpoint.PASSWORD)
			.doesNotContain(basic)
			.doesNotContain("first-rejected-token")
			.doesNotContain("second-rejected-token");
	}


	/**
	 * An application's own HTTP clients: a singleton builder, a {@code WebClient} built from it,
	 * and a component that injects a {@code WebClient} by type.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationClients {

		final WebClient.Builder builder = WebClient.builder();

		final WebClient webClient = WebClient.create("https://example.org");

		WebClient injectedByType;

		@Bean
		WebClient.Builder applicationWebClientBuilder() {
			return this.builder;
		}

		@Bean
		WebClient applicationWebClient() {
			return this.webClient;
		}

		@Bean
		Object webClientUser(WebClient webClient, @Qualifier("crayonWebClient") WebClient crayonWebClient) {
			this.injectedByType = webClient;
			return new Object();
		}

	}

}
