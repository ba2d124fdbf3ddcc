package com.crayon.token.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
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
import reactor.core.publisher.Flux;

/**
 * A cached token looked up by client name among 10,000 clients registered at run time, against
 * the single-client fast path, in nanoseconds per call. The names are visited in a shuffled
 * order, so each lookup touches another client's objects, as a multi-tenant service would; and
 * again with a few hot tenants making the calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class RegistryLookupBenchmark {

	private static final int CLIENTS = 10_000;

	private LocalApi api;

	private CrayonTokenService single;

	private CrayonClientRegistry clients;

	private String[] names;

	/** The floor: the same tokens in a plain {@code ConcurrentHashMap} under the same names. */
	private Map<String, CrayonAccessToken> floor;

	/** The floor of a cache that expires: the same tokens, each with a deadline read against the clock. */
	private Map<String, Deadlined> deadlinedFloor;

	@Setup(Level.Trial)
	public void setUp() {
		this.api = LocalApi.start();
		this.single = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		this.single.getToken();
		this.clients = CrayonClientRegistry.builder()
			.defaults(CrayonClientSettings.of(this.api.baseUrl()))
			.build();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			String name = "partner-" + i;
			this.clients.register(name, CrayonCredentials.of("client-" + i, "secret-" + i, "user-" + i, "pw-" + i));
			names.add(name);
		}
		Flux.fromIterable(names).flatMap((name) -> this.clients.get(name).token(), 64).then().block(Duration.ofMinutes(5));
		this.floor = new ConcurrentHashMap<>();
		names.forEach((name) -> this.floor.put(new String(name), this.clients.get(name).getToken()));
		this.deadlinedFloor = new ConcurrentHashMap<>();
		long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
		names.forEach((name) -> this.deadlinedFloor.put(new String(name), new Deadlined(this.floor.get(name), deadline)));
		Collections.shuffle(names, new Random(42));
		this.names = names.toArray(String[]::new);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Checks.require(this.api.crayonTokenRequests() == CLIENTS + 1,
				"tokens were not cached: " + this.api.crayonTokenRequests() + " token requests");
		this.api.close();
	}

	/**
	 * The single-client fast path: {@code getToken().value()}.
	 * @return the token's value
	 */
	@Benchmark
	public String singleClient() {
		return this.single.getToken().value();
	}

	/**
	 * A client chosen by name among 10,000, then its cached token.
	 * @param cursor this thread's position in the shuffled names
	 * @return the token's value
	 */
	@Benchmark
	public String byNameAmongTenThousand(Cursor cursor) {
		return this.clients.get(this.names[cursor.next()]).getToken().value();
	}

	/**
	 * The floor of {@link #byNameAmongTenThousand}: the same shuffled names looked up in a plain
	 * {@code ConcurrentHashMap} of the same tokens, then the token's value.
	 * @param cursor this thread's position in the shuffled names
	 * @return the token's value
	 */
	@Benchmark
	public String concurrentHashMapFloor(Cursor cursor) {
		return this.floor.get(this.names[cursor.next()]).value();
	}

	/**
	 * The floor of any cache whose entries expire: the same shuffled names looked up in a plain
	 * {@code ConcurrentHashMap} whose values hold the token with its deadline, the deadline
	 * compared with {@code System.nanoTime()} (what Caffeine does on a lookup with expiry), then
	 * the token's value.
	 * @param cursor this thread's position in the shuffled names
	 * @return the token's value
	 */
	@Benchmark
	public String concurrentHashMapWithDeadlineFloor(Cursor cursor) {
		Deadlined entry = this.deadlinedFloor.get(this.names[cursor.next()]);
		return (System.nanoTime() - entry.deadlineNanos() < 0) ? entry.token().value() : null;
	}

	/**
	 * A client chosen by name among 10,000 of which a few tenants make most calls: 16 names, the
	 * first 16 of the shuffled order, visited in turn; the others stay registered and cached.
	 * @param cursor this thread's position among the hot names
	 * @return the token's value
	 */
	@Benchmark
	public String byNameAmongTenThousandSixteenHot(HotCursor cursor) {
		return this.clients.get(this.names[cursor.next()]).getToken().value();
	}

	/**
	 * A token with the ticker reading until which it may be handed out.
	 * @param token the token
	 * @param deadlineNanos the deadline
	 */
	record Deadlined(CrayonAccessToken token, long deadlineNanos) {

	}

	/**
	 * A thread's position among the first {@value #HOT} shuffled names.
	 */
	@State(Scope.Thread)
	public static class HotCursor {

		static final int HOT = 16;

		private int index;

		int next() {
			this.index = (this.index + 1) & (HOT - 1);
			return this.index;
		}

	}

	/**
	 * A thread's position in the shuffled names.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int index;

		int next() {
			this.index = (this.index + 1 == CLIENTS) ? 0 : this.index + 1;
			return this.index;
		}

	}

}
