package com.crayon.token.redis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.redis.CrayonRedisTokenStoreAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.client.ReactorResourceFactory;

import static com.crayon.token.redis.StoreInstances.awaitUntil;
import static com.crayon.token.redis.StoreInstances.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application contexts (instances) sharing tokens through a real local Redis Cluster of
 * three masters: one token request per token lifetime, waiters woken across nodes, and the master
 * of the client's slot stopped and started again mid-run.
 */
class RedisClusterCrayonTokenStoreTests {

		/** Far above the store's bound and a token request, far below the 60 s hang reported. */
	private static final Duration CALL_BOUND = Duration.ofSeconds(15);

	private static PrivateRedisCluster cluster;

	private final String prefix = "crayon:test:" + UUID.randomUUID() + ":";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class))
		.withPropertyValues("crayon.api.base-url=" + this.endpoint.baseUrl(),
				"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
				"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
				"crayon.api.username=" + TokenEndpoint.USERNAME, "crayon.api.password=" + TokenEndpoint.PASSWORD,
				"crayon.api.store.type=redis", "crayon.api.store.key-prefix=" + this.prefix,
				"crayon.api.token.retry.initial-backoff=10ms", "crayon.api.token.retry.max-backoff=100ms",
				"spring.data.redis.cluster.nodes=" + cluster.nodes(),
				// generous for a loaded machine: a Redis call past it makes an instance fetch on its own
				"crayon.api.store.timeout=2s");

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
	void closeEndpoint() {
		this.endpoint.close();
	}

	@Test
	void tokenWhenInstancesShareThroughClusterThenOneRequestPerLifetimeAndEntryWritten() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner, (services) -> {
			TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
			CompletableFuture<List<CrayonAccessToken>> load = load(services, 10).toFuture();
			gate.awaitArrivals(1);
			gate.open();
			assertThat(values(load.join())).as("one token for every instance").hasSize(1);
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
			assertThat(cluster.exists(entry())).as("the entry is in the cluster").isTrue();
			// every instance asks again, having dropped its own copy: the shared entry answers
			for (CrayonTokenService service : services) {
				service.invalidate(service.token().block());
			}
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
		});
	}

	@Test
	void tokenWhenWaitersListenOnOtherNodesThenTheHolderWakesThemBeforeItsLeaseEnds() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner, (services) -> {
			TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
			CompletableFuture<List<CrayonAccessToken>> load = load(services, 5).toFuture();
			gate.awaitArrivals(1);
			String lease = entry() + ":lease";
			awaitUntil(Duration.ofSeconds(10), () -> exists(lease));
			gate.open();
			// a waiter not woken waits for the lease's time to live, about 30 s: longer than CALL_BOUND
			assertThat(load.get(CALL_BOUND.toSeconds(), TimeUnit.SECONDS)).hasSize(StoreInstances.COUNT * 5)
				.extracting(CrayonAccessToken::value)
				.containsOnly("token-of-" + TokenEndpoint.USERNAME + "-1");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
			assertThat(cluster.exists(lease)).as("the holder released its lease").isFalse();
		});
	}

	@Test
	void tokenWhenMasterOfTheClientsSlotStopsMidRunThenNoFailedCallAndSharingResumes() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner.withPropertyValues("crayon.api.store.timeout=500ms"), (services) -> {
			// on a loaded machine a first (cold) store call may pass its bound; the instance then requests its own
			// token, as designed, so this test begins once the entry is there
			assertThat(load(services, 5).block()).hasSize(StoreInstances.COUNT * 5);
			awaitUntil(Duration.ofSeconds(60), () -> exists(entry()));
			int requestsBefore = this.endpoint.tokenRequests();
			int master = cluster.masterOf(entry());

			cluster.stop(master);
			try {
				for (int round = 0; round < 3; round++) {
					for (CrayonTokenService service : services) {
						service.invalidate(service.token().timeout(CALL_BOUND).block());
					}
					assertThat(load(services, 5).block()).as("no failed call while the master is down")
						.hasSize(StoreInstances.COUNT * 5);
				}
				assertThat(this.endpoint.tokenRequests()).as("instances request their own tokens")
					.isGreaterThan(requestsBefore);
			}
			finally {
				cluster.start(master);
			}

			CrayonTokenService first = services.get(0);
			String entry = entry();
			awaitUntil(Duration.ofSeconds(60), () -> {
				first.invalidate(first.token().timeout(CALL_BOUND).block());
				first.token().timeout(CALL_BOUND).block();
				return exists(entry);
			});
			CrayonAccessToken shared = first.token().timeout(CALL_BOUND).block();
			for (CrayonTokenService other : services.subList(1, StoreInstances.COUNT)) {
				awaitUntil(Duration.ofSeconds(60), () -> {
					int before = this.endpoint.tokenRequests();
					other.invalidate(other.token().timeout(CALL_BOUND).block());
					return shared.equals(other.token().timeout(CALL_BOUND).block())
							&& this.endpoint.tokenRequests() == before;
				});
			}
		});
	}

	@Test
	void tokenWhenClusterNodeNeverAnswersThenStartAndCallsKeepTheStoreBound() throws Exception {
		// accepts connections (the backlog does) and never answers: topology discovery hangs
		ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		try {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisClusterConfiguration(List.of("127.0.0.1:" + silent.getLocalPort())),
					// shorter than the 60 s default, so that the test ends soon; far above the store's bound
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(20)).build());
			factory.afterPropertiesSet();
			factory.start();
			RedisCrayonTokenStore store = new RedisCrayonTokenStore(factory, this.prefix, Duration.ofMillis(300), null,
					Clock.systemUTC());
			try {
				CompletableFuture<Void> connect = CompletableFuture.runAsync(() -> store.connect(Duration.ofMillis(300)));
				// generous for a loaded machine; Lettuce's own timeouts are 10 s and 60 s
				assertThat(connect).succeedsWithin(Duration.ofSeconds(5));
				CrayonTokenStore.Binding binding = store.bind(client());
				CrayonAccessToken own = new CrayonAccessToken("own", "Bearer", Instant.now(),
						Instant.now().plusSeconds(3600));
				for (int call = 0; call < 3; call++) {
					assertThat(binding.obtain(null, Mono.just(own)).toFuture()).as("call %d", call)
						.succeedsWithin(Duration.ofSeconds(5))
						.isEqualTo(own);
				}
			}
			finally {
				// resets the connections it never answered, so that what still waits for them ends
				silent.close();
				store.destroy();
				factory.destroy();
			}
		}
		finally {
			silent.close();
		}
	}

	private static boolean exists(String key) {
		try {
			return cluster.exists(key);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private CrayonTokenStore.Client client() {
		return StoreInstances.client(this.endpoint);
	}

	/**
	 * Return the key of the client's entry, as the instances name it.
	 */
	private String entry() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration());
		return new RedisCrayonTokenStore(factory, this.prefix, Duration.ofSeconds(1), null, Clock.systemUTC())
			.entry(client());
	}

	private void withInstances(ApplicationContextRunner runner, StoreInstances.Body body) {
		StoreInstances.run(runner, body);
	}

	/**
	 * Return every token the instances hand out to concurrent callers, each call bounded.
	 */
	private static Mono<List<CrayonAccessToken>> load(List<CrayonTokenService> services, int callsPerInstance) {
		return StoreInstances.load(services, callsPerInstance, CALL_BOUND);
	}

}
