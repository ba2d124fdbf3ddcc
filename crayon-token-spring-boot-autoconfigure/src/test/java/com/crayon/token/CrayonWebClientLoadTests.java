package com.crayon.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Load test of a {@link WebClient} carrying the {@link CrayonBearerExchangeFilterFunction}, against a
 * local Crayon API whose tokens expire, get refreshed and get revoked while requests run.
 */
class CrayonWebClientLoadTests {

	private static final String ORGANIZATIONS = "/api/v1/organizations/";

	private static final long EXPIRES_IN = 3600;

	private static final int CONCURRENCY = 200;

	private static final int PHASE = 2000;

	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration BACKGROUND_TIMEOUT = Duration.ofSeconds(5);

	/** From a token's issue, past its expiry on both sides (the client stops at 3570 s). */
	private static final Duration PAST_EXPIRY = Duration.ofSeconds(EXPIRES_IN + 1);

	/**
	 * From a token's issue, past refreshAt = max(issue + 1800 s, expiry - 5 min) = issue + 3300 s and
	 * before servedUntil = expiry - 30 s = issue + 3570 s.
	 */
	private static final Duration INTO_REFRESH_WINDOW = Duration.ofSeconds(3350);

	private final MutableClock clock = new MutableClock();

	private final CrayonApi api = new CrayonApi(this.clock);

	private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

	private final List<Integer> statuses = new ArrayList<>();

	private DisposableServer server;

	private ConnectionProvider connections;

	private CrayonTokenService tokens;

	private WebClient webClient;

	@BeforeEach
	void start() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this.api).bindNow(Duration.ofSeconds(10));
		String baseUrl = "http://127.0.0.1:" + this.server.port();
		this.tokens = new SingleClient()
			.baseUrl(baseUrl)
			.client(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET)
			.user(TokenEndpoint.USERNAME, TokenEndpoint.PASSWORD)
			.clock(this.clock).ticker(this.clock)
			.refreshJitter(Duration.ZERO) // the phases advance the clock to exact refresh instants
			.build();
		// The default pool (16 connections, a short pending queue) refuses 200 concurrent requests
		this.connections = ConnectionProvider.builder("crayon-load")
			.maxConnections(CONCURRENCY)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(10))
			.build();
		this.webClient = WebClient.builder()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections)))
			.filter(new CrayonBearerExchangeFilterFunction(this.tokens, baseUrl))
			.build();
	}

	@AfterEach
	void stop() {
		this.connections.disposeLater().block(Duration.ofSeconds(10));
		this.server.disposeNow(Duration.ofSeconds(10));
	}

	@Test
	void webClientWhenTokensExpireAndOneIsRevokedUnderLoadThenNoRequestFailsAndOneTokenRequestPerToken() {
		// Token requests: 1 initial load (t-1) + 2 loads after an expiry (t-2, t-5) + 2 background
		// refreshes (t-3, t-6) + 1 after the revocation of t-3 (t-4) = 6, for 10,000 API requests

		// t = 0 s: the callers share one token request
		Traffic initial = phase(PHASE);
		assertTokenRequests(1, "one shared load");
		assertThat(initial.accepted()).containsOnly(entry("t-1", 2000L));
		assertThat(initial.rejected()).isEmpty();

		// t = 3601 s: t-1 has expired, so the callers share one token request for t-2; none sends t-1
		this.clock.advance(PAST_EXPIRY);
		Traffic afterExpiry = phase(PHASE);
		assertTokenRequests(2, "one shared load after the expiry");
		assertThat(afterExpiry.accepted()).containsOnly(entry("t-2", 2000L));
		assertThat(afterExpiry.rejected()).isEmpty();

		// t = 6951 s: the first caller starts one background refresh (t-3), the callers keep sending t-2
		this.clock.advance(INTO_REFRESH_WINDOW);
		Traffic refreshing = phase(PHASE / 2);
		awaitRefreshed(3, "one background refresh");
		assertThat(refreshing.accepted().keySet()).contains("t-2").isSubsetOf("t-2", "t-3");
		assertThat(total(refreshing.accepted())).isEqualTo(1000);
		assertThat(refreshing.rejected()).isEmpty();

		// Still t = 6951 s: t-3 is revoked; requests that send it get 401 and are retried with t-4
		this.api.revokeNewest();
		Traffic revoked = phase(PHASE / 2);
		assertTokenRequests(4, "one shared load after the revocation");
		assertThat(revoked.accepted()).containsOnly(entry("t-4", 1000L));
		assertThat(revoked.rejected()).containsOnlyKeys("t-3");
		assertThat(revoked.rejected().get("t-3")).isBetween(1L, 1000L);

		// t = 10552 s: t-4 has expired, so the callers share one token request for t-5
		this.clock.advance(PAST_EXPIRY);
		Traffic afterSecondExpiry = phase(PHASE);
		assertTokenRequests(5, "one shared load after the second expiry");
		assertThat(afterSecondExpiry.accepted()).containsOnly(entry("t-5", 2000L));
		assertThat(afterSecondExpiry.rejected()).isEmpty();

		// t = 13902 s: one background refresh (t-6) while the callers keep sending t-5
		this.clock.advance(INTO_REFRESH_WINDOW);
		Traffic refreshingAgain = phase(PHASE);
		awaitRefreshed(6, "one background refresh");
		assertThat(refreshingAgain.accepted().keySet()).contains("t-5").isSubsetOf("t-5", "t-6");
		assertThat(total(refreshingAgain.accepted())).isEqualTo(2000);
		assertThat(refreshingAgain.rejected()).isEmpty();

		assertThat(this.errors).isEmpty();
		assertThat(countByStatus(this.statuses)).containsOnly(entry(200, 10_000L));
		assertThat(this.api.tokenRequests()).as("token requests: 1 initial + 2 expiries + 2 refreshes + 1 revocation")
			.isEqualTo(6);
	}

	/**
	 * Send requests with the given concurrency and wait for all of them.
	 * @return what the API saw meanwhile
	 */
	private Traffic phase(int requests) {
		List<Integer> phase = Flux.range(0, requests)
			.flatMap((i) -> organizations(), CONCURRENCY)
			.collectList()
			.block(PHASE_TIMEOUT);
		assertThat(phase).hasSize(requests);
		assertThat(countByStatus(phase)).as("statuses, errors: %s", this.errors)
			.containsOnly(entry(200, (long) requests));
		this.statuses.addAll(phase);
		return this.api.takeTraffic();
	}

	private Mono<Integer> organizations() {
		return this.webClient.get()
			.uri(ORGANIZATIONS)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.onErrorResume((ex) -> {
				this.errors.add(ex);
				return Mono.just(-1);
			});
	}

	/**
	 * Wait until the background refresh a phase started has reached the API, and then the cache,
	 * so that nothing is in flight when the test moves on.
	 */
	private void awaitRefreshed(int tokenRequests, String expected) {
		await().atMost(BACKGROUND_TIMEOUT).until(this.api::tokenRequests, (count) -> count >= tokenRequests);
		assertTokenRequests(tokenRequests, expected);
		await().atMost(BACKGROUND_TIMEOUT)
			.until(() -> this.tokens.getToken().value(), ("t-" + tokenRequests)::equals);
	}

	private void assertTokenRequests(int tokenRequests, String expected) {
		assertThat(this.api.tokenRequests()).as("token requests so far, the last phase expected to add %s", expected)
			.isEqualTo(tokenRequests);
	}

	private static Map<Integer, Long> countByStatus(List<Integer> statuses) {
		return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static long total(Map<String, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * API requests per bearer token, accepted (200) or rejected (401).
	 */
	record Traffic(Map<String, Long> accepted, Map<String, Long> rejected) {

	}

	/**
	 * The Crayon API on Reactor Netty: its token endpoint issues {@code t-1}, {@code t-2}, ... valid
	 * for 3600 seconds by the test's clock; its organizations endpoint accepts a
	 * bearer token only while it is issued, unexpired and not revoked.
	 */
	static final class CrayonApi implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

		private static final String BASIC = "Basic " + HttpHeaders.encodeBasicAuth(TokenEndpoint.CLIENT_ID,
				TokenEndpoint.CLIENT_SECRET, StandardCharsets.UTF_8);

		private final Clock clock;

		private final AtomicInteger tokenRequests = new AtomicInteger();

		private final Map<String, Long> expiries = new ConcurrentHashMap<>();

		private final Set<String> revoked = ConcurrentHashMap.newKeySet();

		private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

		CrayonApi(Clock clock) {
			this.clock = clock;
		}

		@Override
		public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
			if (HttpMethod.POST.equals(request.method()) && TokenEndpoint.TOKEN_PATH.equals(request.uri())) {
				return request.receive().then(Mono.defer(() -> token(request, response)));
			}
			if (HttpMethod.GET.equals(request.method()) && ORGANIZATIONS.equals(request.uri())) {
				return organizations(request, response);
			}
			return response.status(404).send();
		}

		private Mono<Void> token(HttpServerRequest request, HttpServerResponse response) {
			int number = this.tokenRequests.incrementAndGet();
			if (!BASIC.equals(request.requestHeaders().get(HttpHeaders.AUTHORIZATION))) {
				return json(response, 401, "{\"error\":\"invalid_client\"}");
			}
			String token = "t-" + number;
			this.expiries.put(token, this.clock.millis() + EXPIRES_IN * 1000);
			return json(response, 200, TokenEndpoint.tokenJson(token, EXPIRES_IN));
		}

		private Mono<Void> organizations(HttpServerRequest request, HttpServerResponse response) {
			String authorization = String.valueOf(request.requestHeaders().get(HttpHeaders.AUTHORIZATION));
			String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization;
			Long expiry = this.expiries.get(token);
			boolean valid = expiry != null && this.clock.millis() < expiry && !this.revoked.contains(token);
			(valid ? this.accepted : this.rejected).computeIfAbsent(token, (key) -> new LongAdder()).increment();
			return valid ? json(response, 200, "{\"TotalHits\":1,\"Items\":[]}")
					: json(response, 401, "{\"ErrorCode\":\"Unauthorized\",\"Message\":\"Invalid token\"}");
		}

		private static Mono<Void> json(HttpServerResponse response, int status, String body) {
			return response.status(status)
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.sendString(Mono.just(body))
				.then();
		}

		int tokenRequests() {
			return this.tokenRequests.get();
		}

		/** Revoke the token issued last; call it while no token request is in flight. */
		void revokeNewest() {
			this.revoked.add("t-" + this.tokenRequests.get());
		}

		/** Return the API requests seen since the last call; call it while none is in flight. */
		Traffic takeTraffic() {
			Traffic traffic = new Traffic(snapshot(this.accepted), snapshot(this.rejected));
			this.accepted.clear();
			this.rejected.clear();
			return traffic;
		}

		private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
			return counts.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().sum()));
		}

	}

}
