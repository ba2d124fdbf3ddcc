package com.crayon.token.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * An interceptor's own cost per request in ns/op, apart from the network: each operation builds
 * a new request (as {@code RestClient} does for every call) and runs it through the interceptor
 * to an execution that answers 200 at once. {@code noInterceptor} is the request and the answer
 * alone; {@code headersCopy} is what copying the headers to add the token would cost, which the
 * Crayon interceptor avoids (it sets the token for the call and takes it out afterwards, and
 * copies only headers that cannot be changed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InterceptorCostBenchmark {

	private static final byte[] BODY = new byte[0];

	private LocalApi api;

	private URI uri;

	private ClientHttpRequestExecution answer;

	private CrayonBearerClientHttpRequestInterceptor crayon;

	private OAuth2ClientHttpRequestInterceptor springSecurity;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.api = LocalApi.start();
		this.uri = URI.create(this.api.baseUrl() + LocalApi.RESOURCE_PATH);
		OkResponse ok = new OkResponse();
		this.answer = (request, body) -> ok;
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		tokens.getToken();
		this.crayon = new CrayonBearerClientHttpRequestInterceptor(tokens, this.api.baseUrl());
		this.springSecurity = SpringSecurityClients.interceptor(this.api);
		Checks.require(bearerSent(this.crayon), "Crayon interceptor sent no bearer token");
		Checks.require(bearerSent(this.springSecurity), "Spring Security interceptor sent no bearer token");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.api.closeAfterCheckingTokensWereCached();
	}

	@Benchmark
	public ClientHttpResponse noInterceptor() throws Exception {
		return this.answer.execute(request(), BODY);
	}

	@Benchmark
	public ClientHttpResponse crayonInterceptor() throws Exception {
		return this.crayon.intercept(request(), BODY, this.answer);
	}

	@Benchmark
	public ClientHttpResponse springSecurityInterceptor() throws Exception {
		return this.springSecurity.intercept(request(), BODY, this.answer);
	}

	@Benchmark
	public HttpHeaders headersCopy() {
		HttpHeaders headers = HttpHeaders.copyOf(request().getHeaders());
		headers.setBearerAuth(LocalApi.TOKEN);
		return headers;
	}

	private boolean bearerSent(org.springframework.http.client.ClientHttpRequestInterceptor interceptor)
			throws Exception {
		String[] sent = new String[1];
		interceptor.intercept(request(), BODY, (request, body) -> {
			sent[0] = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			return new OkResponse();
		});
		return ("Bearer " + LocalApi.TOKEN).equals(sent[0]);
	}

	private Request request() {
		return new Request(this.uri);
	}

	/** A request as {@code RestClient} hands it to its interceptors: method, URI, headers, attributes. */
	private static final class Request implements HttpRequest {

		private final URI uri;

		private final HttpHeaders headers = new HttpHeaders();

		private final Map<String, Object> attributes = new HashMap<>();

		Request(URI uri) {
			this.uri = uri;
			this.headers.setAccept(java.util.List.of(MediaType.ALL));
		}

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.GET;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

	}

	/** An empty 200 answer. */
	private static final class OkResponse implements ClientHttpResponse {

		private final HttpHeaders headers = new HttpHeaders();

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(BODY);
		}

		@Override
		public void close() {
		}

	}

}
