package com.crayon.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ch.qos.logback.classic.Level;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonWebClientAutoConfiguration;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Runs the successful flow, a 401 re-authentication and every fault of the matrix with all
 * loggers at TRACE, and checks that no log line, exception message or stack trace shows the
 * client secret, the password, the Basic credentials or a token.
 */
class SecretLeakTests {

	private static final String FIRST_TOKEN = "eyJhbGciOiJSUzI1NiJ9.Zmlyc3QtdG9rZW4tcGF5bG9hZA.c2lnbmF0dXJlLW9uZQ";

	private static final String SECOND_TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2Vjb25kLXRva2VuLXBheWxvYWQ.c2lnbmF0dXJlLXR3bw";

	@Test
	void logsAtTraceWhenTokensFlowAndEndpointFailsThenShowNoSecretPasswordOrToken() {
		List<String> exceptionTexts = new ArrayList<>();
		String captured;
		try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE)) {
			runSuccessfulFlowWithReauthentication();
			for (TokenEndpointFault fault : TokenEndpointFault.all()) {
				exceptionTexts.add(runFault(fault));
			}
			captured = ownSide(logs.everything());
			assertThat(logs.size()).as("events captured at TRACE").isGreaterThan(100);
		}
		String basicCredentials = basicCredentials();
		for (String text : concat(captured, exceptionTexts)) {
			assertThat(text).doesNotContain(TokenEndpoint.CLIENT_SECRET)
				.doesNotContain(TokenEndpoint.PASSWORD)
				.doesNotContain(basicCredentials)
				.doesNotContain(FIRST_TOKEN)
				.doesNotContain(SECOND_TOKEN);
		}
		assertThat(captured).contains("CrayonAccessToken[tokenType=Bearer");
	}

	@Test
	void logsAtTraceWhenAutoConfiguredClientsLogRequestDetailsThenShowNoSecretPasswordOrToken() {
		String captured;
		try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE);
				TokenEndpoint endpoint = new TokenEndpoint()) {
			stubReauthenticationFlow(endpoint);
			new ApplicationContextRunner()
				.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
				.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
						HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
						CodecsAutoConfiguration.class, WebClientAutoConfiguration.class,
						CrayonTokenAutoConfiguration.class, CrayonWebClientAutoConfiguration.class))
				.withPropertyValues("spring.http.codecs.log-request-details=true",
						"crayon.api.base-url=" + endpoint.baseUrl(), "crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"crayon.api.username=" + TokenEndpoint.USERNAME,
						"crayon.api.password=" + TokenEndpoint.PASSWORD)
				.run((context) -> {
					WebClient webClient = context.getBean("crayonWebClient", WebClient.class);
					String body = webClient.get().uri("/api/v1/me/").retrieve().bodyToMono(String.class)
						.block(Duration.ofSeconds(10));
					assertThat(body).contains("api-user");
				});
			captured = ownSide(logs.everything());
		}
		assertThat(captured).as("request logging at TRACE took place")
			.contains("HTTP POST " + "http://127.0.0.1")
			.contains("HTTP GET " + "http://127.0.0.1")
			.contains("headers={masked}");
		assertThat(captured).doesNotContain(TokenEndpoint.CLIENT_SECRET)
			.doesNotContain(TokenEndpoint.PASSWORD)
			.doesNotContain(basicCredentials())
			.doesNotContain(FIRST_TOKEN)
			.doesNotContain(SECOND_TOKEN);
	}

	private void runSuccessfulFlowWithReauthentication() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			stubReauthenticationFlow(endpoint);
			CrayonTokenService service = endpoint.serviceBuilder().build();
			WebClient webClient = WebClient.builder()
				.baseUrl(endpoint.baseUrl())
				.filter(new CrayonBearerExchangeFilterFunction(service, endpoint.baseUrl()))
				.build();
			String body = webClient.get().uri("/api/v1/me/").retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
			assertThat(body).contains("api-user");
		}
	}

	/** Issue two tokens; the API rejects the first with 401 and accepts the second. */
	private static void stubReauthenticationFlow(TokenEndpoint endpoint) {
		endpoint.answerInTurn(TokenEndpoint.tokenResponse(FIRST_TOKEN, 3600),
				TokenEndpoint.tokenResponse(SECOND_TOKEN, 3600));
		endpoint.server()
			.stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer " + FIRST_TOKEN))
				.willReturn(aResponse().withStatus(401)));
		endpoint.server()
			.stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer " + SECOND_TOKEN))
				.willReturn(TokenEndpoint.json(200, "{\"UserName\":\"api-user\"}")));
	}

	private static String basicCredentials() {
		return Base64.getEncoder()
			.encodeToString((TokenEndpoint.CLIENT_ID + ":" + TokenEndpoint.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
	}

	private String runFault(TokenEndpointFault fault) {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(fault.response());
			CrayonTokenService service = endpoint.serviceBuilder().timeout(Duration.ofSeconds(1)).build();
			Throwable failure = catchThrowable(() -> service.token().block(Duration.ofSeconds(10)));
			assertThat(failure).as(fault.name()).isInstanceOf(CrayonTokenException.class);
			java.io.StringWriter trace = new java.io.StringWriter();
			failure.printStackTrace(new java.io.PrintWriter(trace));
			return failure + "\n" + trace;
		}
	}

	/** Drop the lines written by WireMock itself: it plays the server, which sees the secrets. */
	private static String ownSide(String logs) {
		StringBuilder own = new StringBuilder();
		for (String line : logs.split("\n")) {
			if (!line.contains("wiremock") && !line.contains("WireMock") && !line.contains("tomakehurst")) {
				own.append(line).append('\n');
			}
		}
		return own.toString();
	}

	private static List<String> concat(String first, List<String> rest) {
		List<String> all = new ArrayList<>(rest);
		all.add(first);
		return all;
	}

}
