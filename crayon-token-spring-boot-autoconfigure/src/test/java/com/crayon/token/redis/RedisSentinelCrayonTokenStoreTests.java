package com.crayon.token.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.redis.CrayonRedisTokenStoreAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.client.ReactorResourceFactory;

import static com.crayon.token.redis.StoreInstances.awaitUntil;
import static com.crayon.token.redis.StoreInstances.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application contexts (instances) sharing tokens through a real local Redis Sentinel
 * setup (a master, its replica, three sentinels), configured by Boot's
 * {@code spring.data.redis.sentinel.*} properties alone: one token request for cold instances;
 * the master stopped mid-run while the sentinels promote the replica, and while instances wait
 * for another's token.
 */
class RedisSentinelCrayonTokenStoreTests {

	/** Far above the store's bound and a token request, below a lease's time to live. */
	private static final Duration CALL_BOUND = Duration.ofSeconds(15);

	/** Re-authentication window: a token dropped again within it is kept. */
	private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

	/** Most rounds of calls the instances make while the master is down. */
	private static final int OUTAGE_ROUNDS = 200;

	private final String prefix = "crayon:test:" + UUID.randomUUID() + ":";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private PrivateRedisSentinel sentinel;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startSentinel() throws Exception {
		this.sentinel = new PrivateRedisSentinel();
		this.contextRunner = new ApplicationContextRunner()
			.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
					DataRedisAutoConfiguration.class, CrayonRedisTokenStoreAutoConfiguration.class,
					CrayonTokenAutoConfiguration.class))
			.withPropertyValues("crayon.api.base-url=" + this.endpoint.baseUrl(),
					"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
					"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
					"crayon.api.username=" + TokenEndpoint.USERNAME, "crayon.api.password=" + TokenEndpoint.PASSWORD,
					"crayon.api.store.type=redis", "crayon.api.store.key-prefix=" + this.prefix,
					"crayon.api.token.retry.initial-backoff=10ms",
					"crayon.api.token.retry.max-backoff=" + MAX_BACKOFF.toMillis() + "ms",
					"spring.data.redis.sentinel.master=" + PrivateRedisSentinel.MASTER_NAME,
					"spring.data.redis.sentinel.nodes=" + this.sentinel.nodes(),
					// generous for a loaded machine: a Redis call past it makes an instance fetch on its own
					"crayon.api.store.timeout=2s");
	}

	@AfterEach
	void stopSentinel() throws Exception {
		this.endpoint.close();
		if (this.sentinel != null) {
			this.sentinel.close();
		}
	}

	@Test
	void tokenWhenColdInstancesShareThroughSentinelThenOneRequestAndEntryInTheMaster() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner, (services) -> {
			TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
			CompletableFuture<List<CrayonAccessToken>> load = load(services, 5).toFuture();
			gate.awaitArrivals(1);
			String lease = entry() + ":lease";
			int master = this.sentinel.masterPort();
			// every instance but the lease holder listens for its token on the master
			awaitUntil(Duration.ofSeconds(10), () -> exists(master, lease)
					&& subscribers(master, entry() + ":events") == StoreInstances.COUNT - 1);
			gate.open();
			assertThat(load.get(CALL_BOUND.toSeconds(), TimeUnit.SECONDS)).hasSize(StoreInstances.COUNT * 5)
				.extracting(CrayonAccessToken::value)
				.containsOnly("token-of-" + TokenEndpoint.USERNAME + "-1");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);
			assertThat(this.sentinel.exists(master, entry())).as("the entry is in the master").isTrue();
			assertThat(this.sentinel.exists(master, lease)).as("the holder released its lease").isFalse();
		});
	}

	@Test
	void tokenWhenMasterStopsMidRunThenNoFailedCallAndSharingResumesOnThePromotedReplica() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner.withPropertyValues("crayon.api.store.timeout=500ms"), (services) -> {
			int master = this.sentinel.masterPort();
			awaitUntil(Duration.ofSeconds(60), () -> sharedOnce(services, master));

			// callers keep dropping their tokens (as after a 401) and asking again, all through the failover
			List<Integer> requestsPerRound = new CopyOnWriteArrayList<>();
			CountDownLatch running = new CountDownLatch(1);
			AtomicBoolean failedOver = new AtomicBoolean();
			CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
				while (!failedOver.get() && requestsPerRound.size() < OUTAGE_ROUNDS) {
					int before = this.endpoint.tokenRequests();
					dropAndAskAgain(services);
					requestsPerRound.add(this.endpoint.tokenRequests() - before);
					running.countDown();
				}
			});
			assertThat(running.await(CALL_BOUND.toSeconds(), TimeUnit.SECONDS)).as("calls under way").isTrue();
			int stopped = this.sentinel.stopMaster();
			int firstRoundWithoutMaster = requestsPerRound.size() + 1;
			int promoted = this.sentinel.awaitFailover(stopped);
			failedOver.set(true);
			assertThat(traffic).as("no failed call while the master is down and the replica promoted")
				.succeedsWithin(CALL_BOUND.multipliedBy(4));
			assertThat(requestsPerRound.subList(Math.min(firstRoundWithoutMaster, requestsPerRound.size()),
					requestsPerRound.size()))
				.as("token requests per round without a master: the instances requested their own")
				.anyMatch((requests) -> requests > 1);

			// once every instance knows the new master, they share one token request again, woken through it
			awaitUntil(Duration.ofSeconds(90), () -> sharedOnce(services, promoted));
			assertThat(this.sentinel.exists(promoted, entry())).as("the entry is in the promoted master").isTrue();
		});
	}

	@Test
	void tokenWhenMasterStopsWhileInstancesWaitForTheLeaseHolderThenWaitersStopWaiting() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		withInstances(this.contextRunner.withPropertyValues("crayon.api.store.timeout=500ms"), (services) -> {
			int master = this.sentinel.masterPort();
			AtomicReference<HeldRequest> held = new AtomicReference<>();
			awaitUntil(Duration.ofSeconds(60), () -> {
				HeldRequest request = dropAllAndHold(services, master);
				if (request.othersListen()) {
					held.set(request);
					return true;
				}
				request.gate().open();
				request.load().orTimeout(CALL_BOUND.toSeconds(), TimeUnit.SECONDS).join();
				return false;
			});
			try {
				this.sentinel.stopMaster();
			}
			finally {
				held.get().gate().open();
			}
			// a waiter that went on listening until the lease ran out would wait about 30 s: past CALL_BOUND
			assertThat(held.get().load().get(CALL_BOUND.toSeconds(), TimeUnit.SECONDS))
				.hasSize(StoreInstances.COUNT * 5);
			assertThat(this.endpoint.tokenRequests() - held.get().before())
				.as("the holder's request and each waiter's own")
				.isEqualTo(StoreInstances.COUNT);
		});
	}

	private int subscribers(int port, String channel) {
		try {
			String[] answer = RedisProcesses.cli(port, "pubsub", "numsub", channel).trim().split("\\s+");
			return Integer.parseInt(answer[answer.length - 1]);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Let every instance drop its token at once, as after a 401, and ask again; return whether
	 * they all got the one new token from one request while the others listened on the master.
	 */
	private boolean sharedOnce(List<CrayonTokenService> services, int master) {
		HeldRequest request = dropAllAndHold(services, master);
		request.gate().open();
		List<CrayonAccessToken> tokens = request.load().orTimeout(CALL_BOUND.toSeconds(), TimeUnit.SECONDS).join();
		return request.othersListen() && this.endpoint.tokenRequests() == request.before() + 1
				&& values(tokens).size() == 1;
	}

	/**
	 * Let every instance drop its token at once, as after a 401, and ask again, the token
	 * requests that follow held; return once one instance's request is held while the others
	 * listen for its token on the master, or once some instance requested its own. The caller
	 * opens the gate.
	 */
	private HeldRequest dropAllAndHold(List<CrayonTokenService> services, int master) {
		// past the re-authentication window of the last drop, so that every instance drops its token
		pause(MAX_BACKOFF.multipliedBy(2));
		for (CrayonTokenService service : services) {
			service.invalidate(service.token().timeout(CALL_BOUND).block());
		}
		int before = this.endpoint.tokenRequests();
		String channel = entry() + ":events";
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		try {
			CompletableFuture<List<CrayonAccessToken>> load = load(services, 5).toFuture();
			// not there in time (a loaded machine): the caller opens the gate and tries again
			StoreInstances.pollUntil(Duration.ofSeconds(20), () -> load.isDone() || this.endpoint.tokenRequests() > before + 1
					|| subscribers(master, channel) == services.size() - 1);
			boolean othersListen = !load.isDone() && this.endpoint.tokenRequests() <= before + 1
					&& subscribers(master, channel) == services.size() - 1;
			return new HeldRequest(gate, before, load, othersListen);
		}
		catch (RuntimeException | Error ex) {
			gate.open();
			throw ex;
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every instance drops its token, as after a 401, then all ask for one concurrently; every
	 * call bounded.
	 */
	private static void dropAndAskAgain(List<CrayonTokenService> services) {
		for (CrayonTokenService service : services) {
			service.invalidate(service.token().timeout(CALL_BOUND).block());
		}
		assertThat(load(services, 5).block()).hasSize(StoreInstances.COUNT * 5);
	}

	private boolean exists(int port, String key) {
		try {
			return this.sentinel.exists(port, key);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the key of the client's entry, as the instances name it.
	 */
	private String entry() {
		return new RedisCrayonTokenStore(new LettuceConnectionFactory(), this.prefix, Duration.ofSeconds(1), null,
				Clock.systemUTC())
			.entry(StoreInstances.client(this.endpoint));
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

	/**
	 * Token requests held at the endpoint after every instance dropped its token.
	 * @param gate what holds them
	 * @param before token requests before
	 * @param load the instances' calls
	 * @param othersListen whether one instance's request is held while the others listen
	 */
	private record HeldRequest(TokenEndpoint.Gate gate, int before, CompletableFuture<List<CrayonAccessToken>> load,
			boolean othersListen) {
	}

}
