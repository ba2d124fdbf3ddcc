package com.crayon.token.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Requests per second through a {@code WebClient} to a minimal Reactor Netty server on
 * 127.0.0.1: without a filter, with the Crayon bearer filter, and with Spring Security's
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}. One operation is one
 * {@code GET} whose body is drained with {@code retrieve().toBodilessEntity()}, waited for with
 * {@code block()}; the three clients share one connector, so only the filter differs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 10, time = 3)
@Fork(3)
@State(Scope.Benchmark)
public class FilterThroughputBenchmark {

	private LocalApi api;

	private URI resource;

	private WebClient plain;

	private WebClient crayon;

	private WebClient springSecurity;

	@Setup(Level.Trial)
	public void setUp() {
		this.api = LocalApi.start();
		this.resource = URI.create(this.api.baseUrl() + LocalApi.RESOURCE_PATH);
		ReactorClientHttpConnector connector = new ReactorClientHttpConnector(HttpClient.create());
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		ServerOAuth2AuthorizedClientExchangeFilterFunction springSecurityFilter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				SpringSecurityClients.manager(this.api));
		springSecurityFilter.setDefaultClientRegistrationId(SpringSecurityClients.REGISTRATION_ID);
		this.plain = client(connector);
		this.crayon = client(connector, new CrayonBearerExchangeFilterFunction(tokens, this.api.baseUrl()));
		this.springSecurity = client(connector, springSecurityFilter);
		tokens.getToken();
		Checks.require("null".equals(whoami(this.plain)), "Unfiltered request carried an Authorization header");
		Checks.require(("Bearer " + LocalApi.TOKEN).equals(whoami(this.crayon)), "Crayon filter sent no bearer token");
		Checks.require(("Bearer " + LocalApi.TOKEN).equals(whoami(this.springSecurity)),
				"Spring Security filter sent no bearer token");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.api.closeAfterCheckingTokensWereCached();
	}

	/**
	 * The request alone: the baseline the filters are compared with.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> noFilter() {
		return get(this.plain);
	}

	/**
	 * The request through {@link CrayonBearerExchangeFilterFunction}.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> crayonFilter() {
		return get(this.crayon);
	}

	/**
	 * The request through Spring Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction}.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> springSecurityFilter() {
		return get(this.springSecurity);
	}

	private ResponseEntity<Void> get(WebClient client) {
		return client.get().uri(this.resource).retrieve().toBodilessEntity().block();
	}

	private String whoami(WebClient client) {
		return client.get()
			.uri(this.api.baseUrl() + LocalApi.WHOAMI_PATH)
			.retrieve()
			.bodyToMono(String.class)
			.block();
	}

	private static WebClient client(ReactorClientHttpConnector connector, ExchangeFilterFunction... filters) {
		return WebClient.builder()
			.clientConnector(connector)
			.filters((all) -> all.addAll(List.of(filters)))
			.build();
	}

}
