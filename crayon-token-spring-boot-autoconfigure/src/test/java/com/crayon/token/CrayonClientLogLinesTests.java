package com.crayon.token;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import com.crayon.token.web.CrayonRequestAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's log lines about token requests name the client they are about, since several
 * named clients may share one API client id.
 */
class CrayonClientLogLinesTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void logLinesWhenClientsShareTheClientIdThenEachNamesItsClient() {
		this.endpoint.issuePerUser("alice");
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			CrayonAccessToken prod = clients.get("prod").getToken();
			clients.get("prod").invalidate(prod);
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(() -> clients.get("demo").getToken());
			this.endpoint.issuePerUser("bob");
			this.clock.advance(Duration.ofMinutes(2));
			clients.get("demo").getToken();
			List<String> warnings = logs.at(Level.WARN);
			assertThat(warnings).hasSize(2);
			assertThat(warnings.get(0)).as("the failure").contains("'demo'");
			assertThat(warnings.get(1)).as("the recovery").contains("recovered").contains("'demo'");
			assertThat(logs.at(Level.DEBUG)).filteredOn((line) -> line.startsWith("Requesting"))
				.hasSize(3)
				.allSatisfy((line) -> assertThat(line).containsAnyOf("'prod'", "'demo'"));
			assertThat(logs.at(Level.DEBUG)).filteredOn((line) -> line.startsWith("Obtained"))
				.containsExactly(lineNaming("Obtained", "prod", logs), lineNaming("Obtained", "demo", logs));
			assertThat(logs.at(Level.DEBUG)).filteredOn((line) -> line.startsWith("Invalidated"))
				.singleElement()
				.asString()
				.contains("'prod'");
			assertThat(logs.everything()).doesNotContain(TokenEndpoint.PASSWORD)
				.doesNotContain(TokenEndpoint.CLIENT_SECRET)
				.doesNotContain(prod.value());
		}
	}

	@Test
	void logLinesWhenApiAnswers401ThenTheReplayLineNamesTheClient() {
		this.endpoint.issuePerUser("alice", "bob");
		this.endpoint.server()
			.stubFor(get(urlPathEqualTo("/api/v1/rejects/")).willReturn(aResponse().withStatus(401)));
		CrayonClientRegistry clients = CrayonClientRegistry.builder().clock(this.clock).ticker(this.clock)
			.client("prod", settings(), credentials("alice"))
			.client("demo", settings(), credentials("bob"))
			.build();
		WebClient webClient = WebClient.builder()
			.baseUrl(this.endpoint.baseUrl())
			.filter(new CrayonBearerExchangeFilterFunction(clients, "prod"))
			.build();
		try (CapturedLogs logs = new CapturedLogs("com.crayon.token", Level.DEBUG)) {
			webClient.get()
				.uri("/api/v1/rejects/")
				.attributes(CrayonRequestAttributes.crayonClient("demo"))
				.exchangeToMono((response) -> response.releaseBody())
				.block(Duration.ofSeconds(10));
			assertThat(logs.at(Level.DEBUG)).filteredOn((line) -> line.startsWith("Crayon API answered 401"))
				.singleElement()
				.asString()
				.contains("replaying it once")
				.contains("'demo'");
		}
	}

	private static String lineNaming(String start, String client, CapturedLogs logs) {
		return logs.at(Level.DEBUG)
			.stream()
			.filter((line) -> line.startsWith(start) && line.contains("'" + client + "'"))
			.findFirst()
			.orElse("no line starting with '" + start + "' names client '" + client + "'");
	}

	private CrayonClientSettings settings() {
		return this.endpoint.serviceBuilder().settings();
	}

	private static CrayonCredentials credentials(String user) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, user, TokenEndpoint.PASSWORD);
	}

}
