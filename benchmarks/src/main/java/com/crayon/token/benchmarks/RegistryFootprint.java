package com.crayon.token.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientRegistryBuilder;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.redis.RedisCrayonTokenStore;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Measures the heap a client registered at run time costs, with 10,000 of them: registered, and
 * then holding a cached token. Not a JMH benchmark: run it with
 * {@code java -cp benchmarks/target/benchmarks.jar com.crayon.token.benchmarks.RegistryFootprint}.
 *
 * <p>Heap in use is read after repeated full collections, before and after each step; each
 * client's credentials are four distinct strings, as they would be when read from a database.
 * The token's own characters (one byte each, compact strings) are subtracted from the per-client
 * cost of a cached token, as the question is what the cache adds. With {@code -Dstore=redis} the
 * clients share tokens through the Redis at 127.0.0.1:6379 (keys under a prefix of their own,
 * removed afterwards), which adds each client's binding and keys.
 */
public final class RegistryFootprint {

	private static final int CLIENTS = 10_000;

	private static final String PREFIX = "crayon:footprint:";

	private RegistryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		boolean redis = "redis".equals(System.getProperty("store"));
		LettuceConnectionFactory connections = null;
		RedisCrayonTokenStore store = null;
		if (redis) {
			connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
			connections.afterPropertiesSet();
			connections.start();
			store = new RedisCrayonTokenStore(connections, PREFIX, Duration.ofSeconds(2), null, Clock.systemUTC());
		}
		try (LocalApi api = LocalApi.start()) {
			CrayonClientRegistryBuilder builder = CrayonClientRegistry.builder()
				.defaults(CrayonClientSettings.of(api.baseUrl()));
			if (store != null) {
				builder.store(store);
			}
			CrayonClientRegistry clients = builder.build();
			List<CrayonCredentials> credentials = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				credentials.add(CrayonCredentials.of("client-" + i, "secret-" + i, "user-" + i, "password-" + i));
			}
			// warm up the token path once, so its classes and shared objects are not counted
			clients.register("warm-up", CrayonCredentials.of("w", "w", "w", "w")).getToken();
			long empty = usedHeap();
			for (int i = 0; i < CLIENTS; i++) {
				clients.register("partner-" + i, credentials.get(i));
			}
			long registered = usedHeap();
			List<String> names = new ArrayList<>(clients.names());
			Flux.fromIterable(names)
				.flatMap((name) -> clients.get(name).token(), 64)
				.then()
				.block(Duration.ofMinutes(5));
			long cached = usedHeap();
			Checks.require(api.crayonTokenRequests() == CLIENTS + 1, "expected one token request per client, got "
					+ api.crayonTokenRequests());
			double perRegistration = (registered - empty) / (double) CLIENTS;
			double perToken = (cached - registered) / (double) CLIENTS - LocalApi.TOKEN.length();
			System.out.printf("clients: %d, token length: %d characters, store: %s%n", CLIENTS,
					LocalApi.TOKEN.length(), redis ? "redis" : "local");
			System.out.printf("registered client (its name, service, credentials object, map entry; the credential strings are the application's): %.0f bytes%n",
					perRegistration);
			System.out.printf("cached token beyond its own characters (cache entry, slot, token object): %.0f bytes%n",
					perToken);
			System.out.printf("total per cached client beyond the token's characters: %.0f bytes%n",
					perRegistration + perToken);
			System.out.println("(" + clients.names().size() + " clients still referenced)");
		}
		finally {
			if (connections != null) {
				StringRedisTemplate redisTemplate = new StringRedisTemplate(connections);
				java.util.Set<String> keys = redisTemplate.keys(PREFIX + "*");
				if (keys != null && !keys.isEmpty()) {
					redisTemplate.delete(keys);
				}
				store.destroy();
				connections.destroy();
			}
		}
	}

	private static long usedHeap() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
		}
		return used;
	}

}
