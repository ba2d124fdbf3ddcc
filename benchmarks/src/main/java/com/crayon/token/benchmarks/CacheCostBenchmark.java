package com.crayon.token.benchmarks;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagnosis, not part of the results table: what a cached token's lookup is made of, in ns/op.
 * The clock reads the floor and the service depend on, Caffeine configured as
 * {@code TokenCache} configures it (an async cache with per-entry expiry, the system ticker,
 * a same-thread executor), and the volatile-slot lookup the service's hot path makes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheCostBenchmark {

	private static final String KEY = "token";

	private final Clock clock = Clock.systemUTC();

	private AsyncLoadingCache<String, Slot> serviceLikeCache;

	private volatile Slot slot;

	@Setup
	public void setUp() {
		this.serviceLikeCache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.ticker(Ticker.systemTicker())
			.expireAfter(new SlotExpiry())
			.buildAsync((key) -> new Slot(LocalApi.TOKEN, System.nanoTime() + TimeUnit.MINUTES.toNanos(55)));
		this.slot = this.serviceLikeCache.synchronous().get(KEY);
	}

	@Benchmark
	public long nanoTime() {
		return System.nanoTime();
	}

	@Benchmark
	public long clockMillis() {
		return this.clock.millis();
	}

	/**
	 * Caffeine's lookup as {@code getToken()} makes it past the refresh time, without the service's
	 * own ticker read.
	 * @return the token's value
	 */
	@Benchmark
	public String caffeineGetIfPresent() {
		CompletableFuture<Slot> future = this.serviceLikeCache.getIfPresent(KEY);
		return future.getNow(null).value();
	}

	/**
	 * A volatile slot compared once with the ticker: the service's hot path, before Caffeine.
	 * @return the token's value
	 */
	@Benchmark
	public String volatileSlot() {
		Slot current = this.slot;
		if (System.nanoTime() - current.refreshAtNanos() < 0) {
			return current.value();
		}
		throw new IllegalStateException("Slot due for refresh");
	}

	/**
	 * A cached token and when it is due for refresh.
	 * @param value the token's value
	 * @param refreshAtNanos ticker reading of the next refresh
	 */
	record Slot(String value, long refreshAtNanos) {
	}

	private static final class SlotExpiry implements Expiry<String, Slot> {

		@Override
		public long expireAfterCreate(String key, Slot slot, long currentTime) {
			return TimeUnit.HOURS.toNanos(1);
		}

		@Override
		public long expireAfterUpdate(String key, Slot slot, long currentTime, long currentDuration) {
			return TimeUnit.HOURS.toNanos(1);
		}

		@Override
		public long expireAfterRead(String key, Slot slot, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
