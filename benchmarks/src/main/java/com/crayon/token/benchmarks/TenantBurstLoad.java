package com.crayon.token.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Ten thousand tenants registered at once against a local token endpoint that takes a while
 * per login (20 ms unless {@code -Dlogin.millis} says otherwise): the start-up burst, random traffic past the tokens'
 * lifetime, an outage of the endpoint longer than that lifetime, and the recovery. For each phase
 * it prints the peak number of token requests the endpoint served at once, how many calls waited
 * for a token and for how long, and the token requests of tenants nobody called. Not a JMH
 * benchmark: run it with
 * {@code java -cp benchmarks/target/benchmarks.jar com.crayon.token.benchmarks.TenantBurstLoad}.
 */
public final class TenantBurstLoad {

	private static final int TENANTS = 10_000;

	/** Callers at once, each calling one tenant's {@code token()} after another. */
	private static final int CALLERS = 256;

	/** Tenants random traffic never calls: their tokens must not be refreshed. */
	private static final int IDLE_TENANTS = 2_000;

	/** How long a login takes; {@code -Dlogin.millis} sets another. */
	private static final int LOGIN_MILLIS = Integer.getInteger("login.millis", 20);

	/** Token lifetime ({@code ExpiresIn}), short so that the run sees refreshes and expiry; {@code -Dexpires.in} sets another. */
	private static final int EXPIRES_IN = Integer.getInteger("expires.in", 60);

	private static final Duration TRAFFIC = Duration.ofSeconds(EXPIRES_IN + 10);

	private static final Duration OUTAGE = Duration.ofSeconds(EXPIRES_IN + 5);

	/** Longer than the most a client waits before asking the endpoint again (its max backoff). */
	private static final Duration RECOVERY = Duration.ofSeconds(10);

	/** Where the callers run; the HTTP client and the endpoint keep their own event loops. */
	private static final Scheduler CALLER_THREADS = Schedulers.newParallel("callers", 2, true);

	/** A call slower than this waited for a token request. */
	private static final long WAITED_NANOS = Duration.ofMillis(5).toNanos();

	private TenantBurstLoad() {
	}

	public static void main(String[] args) throws Exception {
		try (Endpoint endpoint = new Endpoint()) {
			CrayonClientRegistry clients = CrayonClientRegistry.builder()
				.defaults(CrayonClientSettings.builder(endpoint.baseUrl())
					.retry(3, Duration.ofMillis(200), Duration.ofSeconds(2))
					.credentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
					.build())
				.build();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < TENANTS; i++) {
				names.add("tenant-" + i);
				clients.register(names.get(i),
						CrayonCredentials.of("client-" + i, "secret-" + i, "user-" + i, "password-" + i));
			}
			List<String> busy = names.subList(IDLE_TENANTS, TENANTS);
			System.out.printf("%d tenants, %d callers at once, login %d ms, ExpiresIn %d s, max-concurrent-token-requests %d%n",
					TENANTS, CALLERS, LOGIN_MILLIS, EXPIRES_IN, CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS);

			Phase startUp = new Phase("start-up burst (every tenant's first call)", endpoint);
			Flux.fromIterable(names).flatMap((name) -> startUp.call(clients.get(name)), CALLERS).blockLast();
			startUp.print();

			Phase traffic = new Phase("random traffic for " + TRAFFIC.toSeconds() + " s (idle tenants not called)",
					endpoint);
			traffic.run(clients, busy, TRAFFIC);
			traffic.print();
			System.out.printf("  token requests of the %d idle tenants after the start-up burst: %d%n", IDLE_TENANTS,
					endpoint.requestsOf(names.subList(0, IDLE_TENANTS)) - IDLE_TENANTS);

			endpoint.down.set(true);
			Phase outage = new Phase("outage of " + OUTAGE.toSeconds() + " s, longer than a token's lifetime",
					endpoint);
			outage.run(clients, busy, OUTAGE);
			outage.print();

			endpoint.down.set(false);
			Phase recovery = new Phase("recovery: random traffic for " + RECOVERY.toSeconds()
					+ " s once the endpoint answers again", endpoint);
			recovery.run(clients, busy, RECOVERY);
			recovery.print();

			Phase after = new Phase("after the recovery: every busy tenant called once", endpoint);
			Flux.fromIterable(busy).flatMap((name) -> after.call(clients.get(name)), CALLERS).blockLast();
			after.print();
			clients.close();
		}
	}

	/**
	 * One phase's figures: the endpoint's peak, and every call's time.
	 */
	private static final class Phase {

		private final String name;

		private final Endpoint endpoint;

		private final int requestsBefore;

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		private final long startedNanos = System.nanoTime();

		/** Time from the phase's start to its first call that got a token. */
		private final AtomicLong firstToken = new AtomicLong();

		/** Failed calls by message, digits masked. */
		private final Map<String, Integer> failures = new ConcurrentHashMap<>();

		private final List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());

		Phase(String name, Endpoint endpoint) {
			this.name = name;
			this.endpoint = endpoint;
			this.requestsBefore = endpoint.requests.get();
			endpoint.peak.set(endpoint.inProgress.get());
		}

		Mono<Void> call(CrayonTokenService tokens) {
			return Mono.defer(() -> {
				long started = System.nanoTime();
				// a caller's loop goes on on a caller thread, never on the HTTP client's event loop that
				// completed its token request, which it would keep from serving other requests
				return tokens.token().publishOn(CALLER_THREADS).doOnNext((token) -> {
					record(started);
					this.firstToken.compareAndSet(0, System.nanoTime() - this.startedNanos);
				}).doOnError((ex) -> {
					record(started);
					this.failures.merge(String.valueOf(ex.getMessage())
						.replaceAll("[0-9]+", "N")
						.replaceAll("http://[^/]*", "http://127.0.0.1:N"), 1, Integer::sum);
					this.failed.incrementAndGet();
				}).onErrorResume((ex) -> Mono.empty()).then();
			});
		}

		void run(CrayonClientRegistry clients, List<String> tenants, Duration length) {
			long end = System.nanoTime() + length.toNanos();
			Flux.range(0, CALLERS)
				.flatMap((caller) -> Mono.defer(() -> call(clients.get(tenants
					.get(ThreadLocalRandom.current().nextInt(tenants.size())))))
					.repeat(() -> System.nanoTime() < end), CALLERS)
				.blockLast();
		}

		private void record(long started) {
			this.calls.incrementAndGet();
			long took = System.nanoTime() - started;
			if (took > WAITED_NANOS) {
				this.waits.add(took);
			}
		}

		void print() {
			long[] waited = this.waits.stream().mapToLong(Long::longValue).sorted().toArray();
			System.out.printf("%s:%n  token requests %d, peak at once %d%n  calls %d, failed %d, waited > %d ms %d",
					this.name, this.endpoint.requests.get() - this.requestsBefore, this.endpoint.peak.get(),
					this.calls.get(), this.failed.get(), WAITED_NANOS / 1_000_000, waited.length);
			if (waited.length > 0) {
				System.out.printf(" (median %d ms, 99th %d ms, longest %d ms)", millis(waited, 0.5),
						millis(waited, 0.99), waited[waited.length - 1] / 1_000_000);
			}
			System.out.println();
			if (this.failed.get() > 0) {
				System.out.printf("  first token after %d ms%n", this.firstToken.get() / 1_000_000);
			}
			this.failures.forEach((message, count) -> System.out.println("  failed x" + count + ": " + message));
		}

		private static long millis(long[] sorted, double quantile) {
			return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1_000_000;
		}

	}

	/**
	 * A token endpoint on 127.0.0.1 that takes a while per login, counts requests per user and
	 * at once, and can be made to answer 503.
	 */
	private static final class Endpoint implements AutoCloseable {

		final AtomicInteger requests = new AtomicInteger();

		final AtomicInteger inProgress = new AtomicInteger();

		final AtomicInteger peak = new AtomicInteger();

		final AtomicBoolean down = new AtomicBoolean();

		private final Map<String, AtomicLong> perUser = new ConcurrentHashMap<>();

		private final DisposableServer server;

		Endpoint() {
			this.server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route((routes) -> routes.post(CrayonClientSettings.TOKEN_PATH,
						(request, response) -> request.receive().aggregate().asString().flatMap((form) -> {
							this.requests.incrementAndGet();
							this.peak.accumulateAndGet(this.inProgress.incrementAndGet(), Math::max);
							String user = user(form);
							this.perUser.computeIfAbsent(user, (key) -> new AtomicLong()).incrementAndGet();
							boolean down = this.down.get();
							return Mono.delay(Duration.ofMillis(LOGIN_MILLIS))
								.then(Mono.defer(() -> {
									this.inProgress.decrementAndGet();
									return down ? response.status(503).send().then()
											: response.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
												.sendString(Mono.just(token(user)))
												.then();
								}));
						})))
				.bindNow();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.port();
		}

		long requestsOf(List<String> tenants) {
			return tenants.stream()
				.map((tenant) -> this.perUser.get("user-" + tenant.substring("tenant-".length())))
				.mapToLong((count) -> (count != null) ? count.get() : 0)
				.sum();
		}

		private static String user(String form) {
			return Arrays.stream(form.split("&"))
				.filter((field) -> field.startsWith("username="))
				.map((field) -> java.net.URLDecoder.decode(field.substring("username=".length()), StandardCharsets.UTF_8))
				.findFirst()
				.orElse("");
		}

		private static String token(String user) {
			return "{\"AccessToken\":\"token-of-" + user + "-" + System.nanoTime()
					+ "\",\"TokenType\":\"Bearer\",\"ExpiresIn\":" + EXPIRES_IN + "}";
		}

		@Override
		public void close() {
			this.server.disposeNow();
		}

	}

}
