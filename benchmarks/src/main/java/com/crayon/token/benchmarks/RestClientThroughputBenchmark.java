package com.crayon.token.benchmarks;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;
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
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Requests per second through a {@code RestClient} to a minimal Reactor Netty server on
 * 127.0.0.1: without an interceptor, with the Crayon bearer interceptor, and with Spring
 * Security's {@link OAuth2ClientHttpRequestInterceptor}. One operation is one {@code GET} whose
 * body is drained with {@code retrieve().toBodilessEntity()}; the three clients share one
 * request factory (Reactor Netty's, the one Spring Boot picks when the starter is present), so
 * only the interceptor differs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 10, time = 3)
@Fork(3)
@State(Scope.Benchmark)
public class RestClientThroughputBenchmark {

	private LocalApi api;

	private URI resource;

	private RestClient plain;

	private RestClient crayon;

	private RestClient springSecurity;

	@Setup(Level.Trial)
	public void setUp() {
		this.api = LocalApi.start();
		this.resource = URI.create(this.api.baseUrl() + LocalApi.RESOURCE_PATH);
		ClientHttpRequestFactory requestFactory = new ReactorClientHttpRequestFactory(HttpClient.create());
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		this.plain = client(requestFactory, null);
		this.crayon = client(requestFactory, new CrayonBearerClientHttpRequestInterceptor(tokens, this.api.baseUrl()));
		this.springSecurity = client(requestFactory, SpringSecurityClients.interceptor(this.api));
		tokens.getToken();
		Checks.require("null".equals(whoami(this.plain)), "Request without interceptor carried an Authorization header");
		Checks.require(("Bearer " + LocalApi.TOKEN).equals(whoami(this.crayon)),
				"Crayon interceptor sent no bearer token");
		Checks.require(("Bearer " + LocalApi.TOKEN).equals(whoami(this.springSecurity)),
				"Spring Security interceptor sent no bearer token");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.api.closeAfterCheckingTokensWereCached();
	}

	/**
	 * The request alone: the baseline the interceptors are compared with.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> plainRestClient() {
		return get(this.plain);
	}

	/**
	 * The request through {@link CrayonBearerClientHttpRequestInterceptor}.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> crayonRestClient() {
		return get(this.crayon);
	}

	/**
	 * The request through Spring Security's {@link OAuth2ClientHttpRequestInterceptor}.
	 * @return the response
	 */
	@Benchmark
	public ResponseEntity<Void> springSecurityRestClient() {
		return get(this.springSecurity);
	}

	private ResponseEntity<Void> get(RestClient client) {
		return client.get().uri(this.resource).retrieve().toBodilessEntity();
	}

	private String whoami(RestClient client) {
		return client.get().uri(this.api.baseUrl() + LocalApi.WHOAMI_PATH).retrieve().body(String.class);
	}

	private static RestClient client(ClientHttpRequestFactory requestFactory,
			ClientHttpRequestInterceptor interceptor) {
		RestClient.Builder builder = RestClient.builder().requestFactory(requestFactory);
		if (interceptor != null) {
			builder.requestInterceptor(interceptor);
		}
		return builder.build();
	}

}
