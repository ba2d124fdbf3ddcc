package com.crayon.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import ch.qos.logback.classic.Level;
import com.crayon.token.autoconfigure.CrayonRestClientAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonWebClientAutoConfiguration;
import com.crayon.token.autoconfigure.service.CrayonHttpServiceClientAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code crayonRestClient} and the {@code crayon} HTTP service group through a 401
 * re-authentication with all loggers at TRACE, on each request factory whose library logs
 * through SLF4J or not at all unless told to, and checks that no log line shows the client
 * secret, the password, the Basic credentials or a token.
 */
class RestClientSecretLeakTests {

	private static final String FIRST_TOKEN = "eyJhbGciOiJSUzI1NiJ9.cmVzdC1maXJzdC1wYXlsb2Fk.c2lnbmF0dXJlLW9uZQ";

	private static final String SECOND_TOKEN = "eyJhbGciOiJSUzI1NiJ9.cmVzdC1zZWNvbmQtcGF5bG9hZA.c2lnbmF0dXJlLXR3bw";

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk" })
	void logsAtTraceWhenRestClientsReauthenticateThenShowNoSecretPasswordOrToken(String factory) {
		String captured;
		try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE);
				TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answerInTurn(TokenEndpoint.tokenResponse(FIRST_TOKEN, 3600),
					TokenEndpoint.tokenResponse(SECOND_TOKEN, 3600));
			endpoint.server()
				.stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer " + FIRST_TOKEN))
					.willReturn(aResponse().withStatus(401)));
			endpoint.server()
				.stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer " + SECOND_TOKEN))
					.willReturn(TokenEndpoint.json(200, "{\"UserName\":\"api-user\"}")));
			new ApplicationContextRunner()
				.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
				.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
						HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
						ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
						WebClientAutoConfiguration.class, RestClientAutoConfiguration.class,
						HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
						CrayonTokenAutoConfiguration.class, CrayonWebClientAutoConfiguration.class,
						CrayonRestClientAutoConfiguration.class, CrayonHttpServiceClientAutoConfiguration.class))
				.withUserConfiguration(MeGroup.class)
				.withPropertyValues("spring.http.clients.imperative.factory=" + factory,
						"spring.http.codecs.log-request-details=true", 						"crayon.api.base-url=" + endpoint.baseUrl(), "crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"crayon.api.username=" + TokenEndpoint.USERNAME,
						"crayon.api.password=" + TokenEndpoint.PASSWORD)
				.run((context) -> {
					RestClient restClient = context.getBean("crayonRestClient", RestClient.class);
					assertThat(restClient.get().uri("/api/v1/me/").retrieve().body(String.class)).contains("api-user");
					assertThat(context.getBean(Me.class).me()).contains("api-user");
				});
			captured = logs.everything().replaceAll("(?m)^.*(wiremock|WireMock|tomakehurst).*$", "");
		}
		assertThat(captured).as("the 401 and the RestClient's own work were logged")
			.contains("Crayon API answered 401 to GET /api/v1/me/; replaying it once with a new token")
			.contains("Reading to [java.lang.String]");
		String basic = Base64.getEncoder()
			.encodeToString((TokenEndpoint.CLIENT_ID + ":" + TokenEndpoint.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		assertThat(captured).doesNotContain(TokenEndpoint.CLIENT_SECRET)
			.doesNotContain(TokenEndpoint.PASSWORD)
			.doesNotContain(basic)
			.doesNotContain(FIRST_TOKEN)
			.doesNotContain(SECOND_TOKEN);
	}

	interface Me {

		@GetExchange("/api/v1/me/")
		String me();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "crayon", types = Me.class)
	static class MeGroup {

	}

}
