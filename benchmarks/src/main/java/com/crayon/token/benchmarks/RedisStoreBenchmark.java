package com.crayon.token.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.redis.RedisCrayonTokenStore;
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

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The token service with the Redis token store (Redis at 127.0.0.1:6379): the cached path must
 * cost what it costs without a store, since it never reaches Redis; and the cold path, a
 * service with no token yet, costs a shared hit (one Redis read and a decryption) or a token
 * request to the local token endpoint.
 */
public class RedisStoreBenchmark {

	/**
	 * A token endpoint, a Redis store under a key prefix of its own, and a template to clean up.
	 */
	@State(Scope.Benchmark)
	public static class Shared {

		LocalApi api;

		LettuceConnectionFactory connections;

		RedisCrayonTokenStore store;

		final WebClient webClient = WebClient.create();

		final String prefix = "crayon:bench:" + UUID.randomUUID() + ":";

		@Setup(Level.Trial)
		public void setUp() {
			this.api = LocalApi.start();
			this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
			this.connections.afterPropertiesSet();
			this.connections.start();
			this.store = new RedisCrayonTokenStore(this.connections, this.prefix, Duration.ofMillis(300), null,
					Clock.systemUTC());
			this.store.connect(Duration.ofSeconds(5));
			Checks.require(service(this.store).getToken().value().equals(LocalApi.TOKEN), "unexpected token");
			Checks.require(this.api.crayonTokenRequests() == 1, "the first token was not requested once");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			try {
				StringRedisTemplate redis = new StringRedisTemplate(this.connections);
				Set<String> keys = redis.keys(this.prefix + "*");
				if (keys != null && !keys.isEmpty()) {
					redis.delete(keys);
				}
				this.store.destroy();
				this.connections.destroy();
			}
			finally {
				this.api.close();
			}
		}

		CrayonTokenService service(CrayonTokenStore store) {
			return CrayonClientRegistry.builder()
				.webClient(this.webClient)
				.store(store)
				.client("bench", CrayonClientSettings.of(this.api.baseUrl()),
						CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"))
				.build()
				.get("bench");
		}

	}

	/**
	 * Two services whose token is cached: one with the Redis store, one without.
	 */
	@State(Scope.Benchmark)
	public static class Cached {

		CrayonTokenService local;

		CrayonTokenService redis;

		@Setup(Level.Trial)
		public void setUp(Shared shared) {
			this.local = shared.service(CrayonTokenStore.local());
			this.redis = shared.service(shared.store);
			this.local.getToken();
			this.redis.getToken();
		}

	}

	/**
	 * A service with no token yet, built anew before each call (outside the measured time).
	 */
	@State(Scope.Thread)
	public static class Cold {

		CrayonTokenService local;

		CrayonTokenService redis;

		@Setup(Level.Invocation)
		public void setUp(Shared shared) {
			this.local = shared.service(CrayonTokenStore.local());
			this.redis = shared.service(shared.store);
		}

	}

	/**
	 * A cached token, no store.
	 * @param cached the services
	 * @return the token's value
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 3, time = 1)
	@Measurement(iterations = 5, time = 1)
	@Fork(2)
	public String cachedLocal(Cached cached) {
		return cached.local.getToken().value();
	}

	/**
	 * A cached token, Redis store on.
	 * @param cached the services
	 * @return the token's value
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	@Warmup(iterations = 3, time = 1)
	@Measurement(iterations = 5, time = 1)
	@Fork(2)
	public String cachedRedisStore(Cached cached) {
		return cached.redis.getToken().value();
	}

	/**
	 * The first token of a new instance, taken from Redis.
	 * @param cold a service with no token
	 * @return the token's value
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	@Warmup(iterations = 3, time = 2)
	@Measurement(iterations = 5, time = 2)
	@Fork(1)
	public String coldSharedHit(Cold cold) {
		return cold.redis.getToken().value();
	}

	/**
	 * The first token of a new instance, requested from the local token endpoint.
	 * @param cold a service with no token
	 * @return the token's value
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	@Warmup(iterations = 3, time = 2)
	@Measurement(iterations = 5, time = 2)
	@Fork(1)
	public String coldTokenRequest(Cold cold) {
		return cold.local.getToken().value();
	}

}
