package com.crayon.token.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.crayon.token.TokenEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application instances, each a Spring Boot application in a JVM of its own
 * ({@link FleetInstance}), sharing tokens through a local Redis Cluster of three masters while
 * they call {@code getToken()} in a loop: what an operator counts across processes (token
 * requests per token lifetime, failed calls, store failures) as they start cold at once, run,
 * and see the master of the client's slot stopped and started again. Counts, not timings, are
 * asserted, and the counts allow what a failed store call explains (a cold JVM on a loaded
 * machine may be slower than the store's bound): one token request more at most. The start-up
 * times and the figures are printed.
 */
class RedisClusterFleetTests {

	private static final int PROCESSES = 3;

	/** {@code ExpiresIn} of every token. */
	private static final Duration LIFETIME = Duration.ofSeconds(8);

	/**
	 * Shortest time from one token request to the next while the store works: a token is served
	 * until 1 s before it expires and refreshed from 2 s before it, plus up to 500 ms of jitter,
	 * so 6 to 6.5 s after it was requested.
	 */
	private static final Duration GENERATION = Duration.ofSeconds(6);

	/** How long the processes call before the master stops: three generations. */
	private static final Duration RUN = Duration.ofSeconds(18);

	/** How long the master is down: longer than a generation, so every process refreshes meanwhile. */
	private static final Duration OUTAGE = LIFETIME;

	/** Longest sharing may take to resume once the master is back, Lettuce's reconnection delay included. */
	private static final Duration RESUME_BOUND = Duration.ofSeconds(60);

	private static PrivateRedisCluster cluster;

	private final String prefix = "crayon:fleet:" + UUID.randomUUID() + ":";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private @Nullable Fleet fleet;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = new PrivateRedisCluster();
	}

	@AfterAll
	static void stopCluster() throws Exception {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void stopFleet() {
		if (this.fleet != null) {
			this.fleet.close();
			System.out.println(this.fleet.output());
		}
		this.endpoint.close();
	}

	@Test
	void tokenWhenThreeProcessesShareThroughClusterThenOneRequestPerGenerationAndNoFailedCallWhileMasterIsDown()
			throws Exception {
		Fleet fleet = startFleet();
		long start = System.nanoTime();
		fleet.go();
		assertOneRequestForTheColdStart(fleet);
		awaitEntry();
		Thread.sleep(RUN.toMillis());
		assertOneRequestPerGeneration(fleet, Duration.ofNanos(System.nanoTime() - start));
		List<Integer> storeFailuresBeforeOutage = fleet.storeFailuresByProcess();

		int master = cluster.masterOf(entry());
		cluster.stop(master);
		try {
			Thread.sleep(OUTAGE.toMillis());
		}
		finally {
			cluster.start(master);
		}
		awaitSharingResumed(fleet, this.endpoint.tokenRequests());
		assertThat(cluster.exists(entry())).as("the shared entry is in the cluster again").isTrue();

		List<Map<String, Long>> results = fleet.stop();
		report(fleet, results, Duration.ofNanos(System.nanoTime() - start));
		for (int i = 0; i < PROCESSES; i++) {
			assertThat(results.get(i)).as("counts of process %d", i).containsEntry("failures", 0L);
			assertThat(results.get(i).get("storeFailures"))
				.as("store failures of process %d while the master was down", i)
				.isGreaterThan(storeFailuresBeforeOutage.get(i));
		}
	}

	/**
	 * Assert that the processes, having made their first calls at once, made one token request,
	 * and at most one more for each store call that failed (a cold JVM on a loaded machine may be
	 * slower than the store's bound, and then requests its own token, as designed).
	 */
	private void assertOneRequestForTheColdStart(Fleet fleet) {
		int requests = this.endpoint.tokenRequests();
		int storeFailures = fleet.storeFailures();
		assertThat(requests)
			.as("token requests of three processes starting cold at once, failed store calls %d", storeFailures)
			.isBetween(1, 1 + storeFailures);
	}

	/**
	 * Assert that the processes made one token request per generation, each token handed to
	 * every process; a failed store call allows one more request, and two tokens not handed to
	 * every process (the one its process missed and the one it requested instead).
	 */
	private void assertOneRequestPerGeneration(Fleet fleet, Duration elapsed) {
		int requests = this.endpoint.tokenRequests();
		List<List<String>> tokens = fleet.tokens();
		int storeFailures = fleet.storeFailures();
		System.out.printf("FLEET steady: %d processes, %d ms, %d token requests, %.2f per %d s token lifetime, "
				+ "store failures %d%n", PROCESSES, elapsed.toMillis(), requests,
				requests * (double) LIFETIME.toMillis() / elapsed.toMillis(), LIFETIME.toSeconds(), storeFailures);
		assertThat(requests)
			.as("token requests in %s: one per generation of at least %s, failed store calls %d", elapsed, GENERATION,
					storeFailures)
			.isLessThanOrEqualTo(1 + (int) elapsed.dividedBy(GENERATION) + storeFailures);
		assertThat(notHandedToEveryProcess(tokens, requests))
			.as("tokens (but the last) not handed to every process, failed store calls %d: %s", storeFailures, tokens)
			.hasSizeLessThanOrEqualTo(2 * storeFailures);
	}

	/**
	 * Wait until two tokens in a row, both requested after the given one, were each handed to
	 * every process: the first of them was requested once for all.
	 */
	private void awaitSharingResumed(Fleet fleet, int after) throws InterruptedException {
		long deadline = System.nanoTime() + RESUME_BOUND.toNanos();
		while (!sharedInARow(fleet.tokens(), after)) {
			assertThat(System.nanoTime() - deadline)
				.as("two tokens in a row requested after the master was back (after token %d), each handed to "
						+ "every process, within %s: %s", after, RESUME_BOUND, fleet.tokens())
				.isNegative();
			Thread.sleep(200);
		}
	}

	/**
	 * Wait until the client's entry is in the cluster: at once, unless every process failed to
	 * reach the store at its first call; then at the next generation's refresh.
	 */
	private void awaitEntry() throws Exception {
		long deadline = System.nanoTime() + LIFETIME.multipliedBy(2).toNanos();
		while (!cluster.exists(entry())) {
			assertThat(System.nanoTime() - deadline).as("the shared entry in the cluster").isNegative();
			Thread.sleep(100);
		}
	}

	/**
	 * Return the tokens requested before the last one that some process was never handed.
	 */
	private static List<String> notHandedToEveryProcess(List<List<String>> tokens, int requests) {
		List<String> missed = new ArrayList<>();
		for (int n = 1; n < requests; n++) {
			String token = token(n);
			if (!tokens.stream().allMatch((handed) -> handed.contains(token))) {
				missed.add(token);
			}
		}
		return missed;
	}

	/**
	 * Return whether two tokens in a row, both requested after the given one, were each handed to
	 * every process.
	 */
	private boolean sharedInARow(List<List<String>> tokens, int after) {
		int last = this.endpoint.tokenRequests();
		for (int n = after + 1; n < last; n++) {
			String first = token(n);
			String next = token(n + 1);
			if (tokens.stream().allMatch((handed) -> handed.contains(first) && handed.contains(next))) {
				return true;
			}
		}
		return false;
	}

	private Fleet startFleet() throws Exception {
		this.endpoint.tokenLifetime(LIFETIME);
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.fleet = Fleet.start(PROCESSES,
				List.of("--crayon.api.base-url=" + this.endpoint.baseUrl(),
						"--crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"--crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"--crayon.api.username=" + TokenEndpoint.USERNAME,
						"--crayon.api.password=" + TokenEndpoint.PASSWORD, "--crayon.api.token.expiry-margin=1s",
						"--crayon.api.token.refresh-before-expiry=2s", "--crayon.api.token.refresh-jitter=500ms",
						"--crayon.api.store.type=redis", "--crayon.api.store.key-prefix=" + this.prefix,
						// generous for a cold JVM on a loaded machine: past it an instance requests its own token
						"--crayon.api.store.timeout=3s", "--spring.data.redis.cluster.nodes=" + cluster.nodes()));
		return this.fleet;
	}

	/**
	 * Return the n-th token the endpoint issues.
	 */
	private static String token(int n) {
		return "token-of-" + TokenEndpoint.USERNAME + "-" + n;
	}

	/**
	 * Return the key of the client's entry, as the processes name it.
	 */
	private String entry() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration());
		return new RedisCrayonTokenStore(factory, this.prefix, Duration.ofSeconds(1), null, Clock.systemUTC())
			.entry(StoreInstances.client(this.endpoint));
	}

	private void report(Fleet fleet, List<Map<String, Long>> results, Duration elapsed) {
		System.out.printf("FLEET whole run: %d ms, %d token requests (at %s ms); start-up ms %s; calls %s; "
				+ "failures %s; own requests %s; tokens from the store %s; store failures %s; slowest call ms %s%n",
				elapsed.toMillis(), this.endpoint.tokenRequests(), requestTimes(), fleet.startupMillis(),
				each(results, "calls"), each(results, "failures"), each(results, "ownRequests"),
				each(results, "sharedTokens"), each(results, "storeFailures"), each(results, "slowestCallMs"));
	}

	/**
	 * Return when the endpoint received each token request, in milliseconds from the first.
	 */
	private List<Long> requestTimes() {
		List<Long> times = this.endpoint.server()
			.getAllServeEvents()
			.stream()
			.map((served) -> served.getRequest().getLoggedDate().getTime())
			.sorted()
			.toList();
		return times.stream().map((time) -> time - times.get(0)).toList();
	}

	private static List<Long> each(List<Map<String, Long>> results, String key) {
		return results.stream().map((result) -> result.get(key)).toList();
	}

}
