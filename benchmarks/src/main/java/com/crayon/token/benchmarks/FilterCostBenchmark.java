package com.crayon.token.benchmarks;

import java.net.URI;
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
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Diagnosis, not part of the results table: a filter's own cost per request in ns/op, apart from
 * the network, with an exchange function that answers 200 at once. {@code requestCopy} is the
 * {@code ClientRequest} copy any filter that adds a header has to make.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FilterCostBenchmark {

	private LocalApi api;

	private ClientRequest request;

	private ExchangeFunction answer;

	private CrayonBearerExchangeFilterFunction crayon;

	private ServerOAuth2AuthorizedClientExchangeFilterFunction springSecurity;

	@Setup(Level.Trial)
	public void setUp() {
		this.api = LocalApi.start();
		this.request = ClientRequest.create(HttpMethod.GET, URI.create(this.api.baseUrl() + LocalApi.RESOURCE_PATH))
			.header(HttpHeaders.ACCEPT, MediaType.ALL_VALUE)
			.build();
		ClientResponse ok = ClientResponse.create(HttpStatus.OK).build();
		this.answer = (request) -> Mono.just(ok);
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		tokens.getToken();
		this.crayon = new CrayonBearerExchangeFilterFunction(tokens, this.api.baseUrl());
		this.springSecurity = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				SpringSecurityClients.manager(this.api));
		this.springSecurity.setDefaultClientRegistrationId(SpringSecurityClients.REGISTRATION_ID);
		this.springSecurity.filter(this.request, this.answer).block();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		try {
			Checks.require(this.api.crayonTokenRequests() == 1 && this.api.oauth2TokenRequests() == 1,
					"Token was not cached: " + this.api.crayonTokenRequests() + " Crayon and "
							+ this.api.oauth2TokenRequests() + " OAuth 2.0 token requests");
		}
		finally {
			this.api.close();
		}
	}

	@Benchmark
	public ClientResponse noFilter(SyncSubscriber subscriber) {
		this.answer.exchange(this.request).subscribe(subscriber);
		return subscriber.take();
	}

	@Benchmark
	public ClientResponse crayonFilter(SyncSubscriber subscriber) {
		this.crayon.filter(this.request, this.answer).subscribe(subscriber);
		return subscriber.take();
	}

	@Benchmark
	public ClientResponse springSecurityFilter(SyncSubscriber subscriber) {
		this.springSecurity.filter(this.request, this.answer).subscribe(subscriber);
		return subscriber.take();
	}

	@Benchmark
	public ClientRequest requestCopy() {
		return ClientRequest.from(this.request).headers((headers) -> headers.setBearerAuth(LocalApi.TOKEN)).build();
	}

}
