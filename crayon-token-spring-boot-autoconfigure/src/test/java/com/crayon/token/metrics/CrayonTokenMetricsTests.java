package com.crayon.token.metrics;

import java.time.Duration;
import java.util.Map;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.MutableClock;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry gauge follows the cached token, and the invalidation counter counts the tokens
 * actually dropped after a 401.
 */
class CrayonTokenMetricsTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CrayonTokenService service = this.endpoint.serviceBuilder()
		.clock(this.clock)
		.ticker(this.clock)
		.listener(new MeterRegistryCrayonTokenListener(this.meters))
		.build();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void gaugeWhenTokenCachedThenSecondsUntilItsExpiry() {
		new CrayonTokenMetrics(Map.of("default", this.service)).bindTo(this.meters);
		Gauge gauge = this.meters.get("crayon.token.expiry").tag("crayon.client", "default").gauge();
		assertThat(gauge.value()).as("no token yet").isNaN();
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		this.service.getToken();
		assertThat(gauge.value()).isEqualTo(3600.0);
		this.clock.advance(Duration.ofSeconds(100));
		assertThat(gauge.value()).isEqualTo(3500.0);
		this.clock.advance(Duration.ofSeconds(3470));
		assertThat(gauge.value()).as("past the served life").isNaN();
	}

	@Test
	void counterWhenApiRejectsTokensThenCountsOnlyTheTokensDropped() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		this.endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer token-1"))
			.willReturn(aResponse().withStatus(401)));
		this.endpoint.server().stubFor(get(urlPathEqualTo("/api/v1/me/")).withHeader("Authorization", equalTo("Bearer token-2"))
			.willReturn(aResponse().withStatus(401)));
		WebClient webClient = WebClient.builder()
			.filter(new CrayonBearerExchangeFilterFunction(this.service, this.endpoint.baseUrl()))
			.build();
		for (int i = 0; i < 5; i++) {
			webClient.get()
				.uri(this.endpoint.baseUrl() + "/api/v1/me/")
				.exchangeToMono((response) -> response.releaseBody())
				.block(Duration.ofSeconds(10));
		}
		Counter counter = this.meters.get("crayon.token.invalidations").tag("crayon.client", "default").counter();
		assertThat(counter.count()).as("one drop in the re-authentication window").isEqualTo(1.0);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void metricsWhenClientsConfiguredRotatedAndRemovedAtRunTimeThenGaugesAndChangesFollow() {
		CrayonClientRegistry clients = CrayonClientRegistry.builder()
			.clock(this.clock)
			.ticker(this.clock)
			.listener(new MeterRegistryCrayonTokenListener(this.meters))
			.defaults(this.endpoint.serviceBuilder().settings())
			.build();
		CrayonCredentials credentials = this.endpoint.serviceBuilder().credentials();
		clients.configure("demo", this.endpoint.serviceBuilder().settings(), credentials);
		clients.register("tenant", credentials);
		assertThat(this.meters.find("crayon.token.expiry").tag("crayon.client", "demo").gauge()).isNotNull();
		assertThat(this.meters.find("crayon.token.expiry").tag("crayon.client", "tenant").gauge())
			.as("no gauge per registered client")
			.isNull();
		clients.updateCredentials("demo", credentials.withScope("OtherApi"));
		clients.updateCredentials("tenant", credentials.withScope("OtherApi"));
		assertThat(this.meters.get("crayon.client.credential.changes").tag("crayon.client", "demo").counter().count())
			.isEqualTo(1.0);
		assertThat(this.meters.get("crayon.client.credential.changes").tag("crayon.client", "registered").counter()
			.count()).isEqualTo(1.0);
		clients.remove("demo");
		assertThat(this.meters.find("crayon.token.expiry").tag("crayon.client", "demo").gauge()).isNull();
	}

}
