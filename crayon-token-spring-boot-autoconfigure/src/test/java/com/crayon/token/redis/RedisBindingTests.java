package com.crayon.token.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.CrayonTokenStore.Binding;
import com.crayon.token.TokenEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.data.redis.connection.ReactiveKeyCommands;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveScriptingCommands;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * One client's view of the Redis store, against the real Redis: an entry only the holders of
 * every credential find, time left as Redis counts it, an older token never over a newer one,
 * and a removed or closed client's entry and lease.
 */
class RedisBindingTests {

	private static final URI TOKEN_URI = URI.create("https://api.crayon.example/api/v1/connect/token");

	private static final Duration MARGIN = Duration.ofSeconds(30);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final String prefix = "crayon:test:" + UUID.randomUUID() + ":";

	private final StringRedisTemplate redis = SharedRedis.template();

	private final LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration("127.0.0.1", 6379));

	private final AtomicInteger fetches = new AtomicInteger();

	private final List<RedisCrayonTokenStore> stores = new CopyOnWriteArrayList<>();

	RedisBindingTests() {
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void cleanUp() {
		Set<String> keys = this.redis.keys(this.prefix + "*");
		if (keys != null && !keys.isEmpty()) {
			this.redis.delete(keys);
		}
		SharedRedis.release(this.redis);
		this.stores.forEach(RedisCrayonTokenStore::destroy);
		this.connectionFactory.destroy();
	}

	@Test
	void obtainWhenOtherPasswordThenNeverFindsReadsEvictsOrOverwritesTheEntry() {
		RedisCrayonTokenStore store = store(null, Clock.systemUTC());
		CrayonTokenStore.Client right = client("s3cret", "right-password", Duration.ofSeconds(5));
		CrayonTokenStore.Client wrong = client("s3cret", "wrong-password", Duration.ofSeconds(5));
		CrayonAccessToken shared = token("shared", Instant.now());

		assertThat(store.bind(right).obtain(null, fetch(shared)).block(WAIT)).isEqualTo(shared);
		Binding other = store.bind(wrong);
		other.evict(shared).block(WAIT);
		CrayonAccessToken own = token("own", Instant.now());
		assertThat(other.obtain(null, fetch(own)).block(WAIT)).as("fetched, not read").isEqualTo(own);
		assertThat(this.fetches).hasValue(2);

		assertThat(store.bind(right).obtain(null, unexpectedFetch()).block(WAIT)).as("untouched").isEqualTo(shared);
		assertThat(store.entry(right)).isNotEqualTo(store.entry(wrong));
		assertThat(this.redis.keys(this.prefix + "*")).containsExactlyInAnyOrder(store.entry(right), store.entry(wrong));
	}

	@Test
	void entryWhenStoreKeySetThenDependsOnTheSecretThePasswordAndTheKeyAndShowsNoName() {
		String key = "k".repeat(32);
		RedisCrayonTokenStore keyed = store(key, Clock.systemUTC());
		String entry = keyed.entry(client("s3cret", "password", WAIT));
		assertThat(entry).matches(java.util.regex.Pattern.quote(this.prefix) + "\\{[0-9a-f]{32}\\}");
		assertThat(keyed.entry(client("another-secret", "password", WAIT))).isNotEqualTo(entry);
		assertThat(keyed.entry(client("s3cret", "another-password", WAIT))).isNotEqualTo(entry);
		assertThat(store("x".repeat(32), Clock.systemUTC()).entry(client("s3cret", "password", WAIT)))
			.isNotEqualTo(entry);
		assertThat(store(null, Clock.systemUTC()).entry(client("s3cret", "password", WAIT))).isNotEqualTo(entry);
		assertThat(keyed.entry(client("s3cret", "password", WAIT))).as("stable").isEqualTo(entry);
	}

	@Test
	void constructWhenStoreKeyShorterThan32BytesOrPrefixWithBraceThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> store("k".repeat(31), Clock.systemUTC()))
			.withMessageContaining("at least 32 bytes")
			.withMessageNotContaining("kkk");
		assertThatIllegalArgumentException().isThrownBy(() -> store("", Clock.systemUTC()));
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisCrayonTokenStore(this.connectionFactory,
				"crayon:{token}:", WAIT, null, Clock.systemUTC()));
	}

	@Test
	void obtainWhenClockTenMinutesBehindThenTimeLeftIsRedisTimeToLive() {
		Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
		CrayonTokenStore.Client client = client("s3cret", "password", WAIT);
		store(null, Clock.systemUTC()).bind(client).obtain(null, fetch(token("shared", Instant.now()))).block(WAIT);

		CrayonAccessToken read = store(null, behind).bind(client).obtain(null, unexpectedFetch()).block(WAIT);
		assertThat(read.value()).isEqualTo("shared");
		assertThat(Duration.between(behind.instant(), read.expiresAt())).isLessThanOrEqualTo(Duration.ofSeconds(3600))
			.isGreaterThan(Duration.ofSeconds(3500));
		assertThat(read.lifetime()).isEqualTo(Duration.ofSeconds(3600));
	}

	@Test
	void tokenWhenInstanceClockTenMinutesBehindThenServedOnlyUntilTheSharedTokenExpires() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("shared", 3600));
			CrayonTokenService first = service(endpoint, Clock.systemUTC());
			first.getToken();
			Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
			CrayonTokenService late = service(endpoint, behind);
			CrayonAccessToken token = late.getToken();
			assertThat(token.value()).isEqualTo("shared");
			assertThat(endpoint.tokenRequests()).as("taken from the store").isOne();
			assertThat(late.status().expiresIn()).isLessThanOrEqualTo(Duration.ofSeconds(3600));
			assertThat(Duration.between(behind.instant(), token.expiresAt()))
				.isLessThanOrEqualTo(Duration.ofSeconds(3600));
		}
	}

	@Test
	void writeWhenLeaseLostAndNewerTokenWrittenThenOlderTokenDoesNotReplaceIt() {
		RedisCrayonTokenStore store = store(null, Clock.systemUTC());
		CrayonTokenStore.Client client = client("s3cret", "password", Duration.ofMillis(300));
		String lease = store.entry(client) + ":lease";
		Sinks.One<CrayonAccessToken> slow = Sinks.one();
		CompletableFuture<CrayonAccessToken> older = store.bind(client).obtain(null, slow.asMono()).toFuture();
		awaitUntil(() -> Boolean.TRUE.equals(this.redis.hasKey(lease)));
		awaitUntil(() -> !Boolean.TRUE.equals(this.redis.hasKey(lease)));

		CrayonAccessToken newer = token("newer", Instant.now());
		assertThat(store.bind(client).obtain(null, fetch(newer)).block(WAIT)).isEqualTo(newer);
		slow.tryEmitValue(token("older", Instant.now().minusSeconds(60)));
		assertThat(older.join().value()).isEqualTo("older");

		assertThat(store.bind(client).obtain(null, unexpectedFetch()).block(WAIT)).as("still the newer token")
			.isEqualTo(newer);
	}

	@Test
	void obtainWhenAnotherInstanceWritesBetweenReadAndLeaseThenTakesItsTokenWithoutRequest() {
		CrayonTokenStore.Client client = client("s3cret", "password", WAIT);
		CrayonAccessToken written = token("written", Instant.now());
		Binding other = store(null, Clock.systemUTC()).bind(client);
		// this instance found no entry; the other one writes its token (releasing its lease) before
		// this instance's lease request reaches Redis, which then grants the lease
		RedisCrayonTokenStore late = store(beforeFirstLease(Mono.defer(() -> other.obtain(null, fetch(written)))));

		assertThat(late.bind(client).obtain(null, unexpectedFetch()).block(WAIT)).isEqualTo(written);
		assertThat(this.fetches).as("token requests").hasValue(1);
		assertThat(this.redis.hasKey(late.entry(client) + ":lease")).as("lease released").isFalse();
	}

	@Test
	void obtainWhenStoreFailsThenOwnTokenIsWrittenForInstancesStartingLater() {
		CrayonTokenStore.Client client = client("s3cret", "password", WAIT);
		CrayonAccessToken own = token("own", Instant.now());
		RedisCrayonTokenStore failing = store(firstReadFailing());

		assertThat(failing.bind(client).obtain(null, fetch(own)).block(WAIT)).isEqualTo(own);
		assertThat(this.fetches).as("token requests").hasValue(1);
		awaitUntil(() -> Boolean.TRUE.equals(this.redis.hasKey(failing.entry(client))));
		assertThat(store(null, Clock.systemUTC()).bind(client).obtain(null, unexpectedFetch()).block(WAIT))
			.isEqualTo(own);
	}

	@Test
	void obtainWhenWaitersWakeAsAnAbandonedLeaseEndsThenOneTokenRequestForAll() throws Exception {
		CrayonTokenStore.Client client = client("s3cret", "password", WAIT);
		RedisCrayonTokenStore plain = store(null, Clock.systemUTC());
		this.redis.opsForValue().set(plain.entry(client) + ":lease", "crashed-instance", Duration.ofMillis(800));
		// Redis cuts what a lease has left to the millisecond: told a little less, a waiter wakes while it lives
		RedisCrayonTokenStore early = store(leaseEndingEarlierBy(Duration.ofMillis(10)));
		CrayonAccessToken token = token("taken-over", Instant.now());

		CompletableFuture<CrayonAccessToken> slow = early.bind(client)
			.obtain(null, Mono.delay(Duration.ofMillis(300)).then(fetch(token)))
			.toFuture();
		CompletableFuture<CrayonAccessToken> quick = plain.bind(client).obtain(null, fetch(token)).toFuture();
		assertThat(slow.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(token);
		assertThat(quick.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(token);
		assertThat(this.fetches).as("token requests").hasValue(1);
	}

	@Test
	void retireWhenTokenGivenThenEntryRemovedOnlyIfItStillHoldsIt() {
		RedisCrayonTokenStore store = store(null, Clock.systemUTC());
		CrayonTokenStore.Client client = client("s3cret", "password", WAIT);
		Binding binding = store.bind(client);
		CrayonAccessToken shared = binding.obtain(null, fetch(token("shared", Instant.now()))).block(WAIT);

		binding.retire(token("another", Instant.now())).block(WAIT);
		assertThat(this.redis.hasKey(store.entry(client))).as("holds another token").isTrue();
		binding.retire(shared).block(WAIT);
		assertThat(this.redis.hasKey(store.entry(client))).isFalse();

		binding.obtain(null, fetch(token("again", Instant.now()))).block(WAIT);
		binding.retire(null).block(WAIT);
		assertThat(this.redis.hasKey(store.entry(client))).as("whatever it holds, without a token").isFalse();
	}

	@Test
	void releaseWhenLeaseHeldForRequestInFlightThenOthersNeedNotWaitItOut() {
		RedisCrayonTokenStore store = store(null, Clock.systemUTC());
		CrayonTokenStore.Client client = client("s3cret", "password", Duration.ofMinutes(5));
		String lease = store.entry(client) + ":lease";
		Binding closing = store.bind(client);
		Sinks.One<CrayonAccessToken> never = Sinks.one();
		reactor.core.Disposable inFlight = closing.obtain(null, never.asMono()).subscribe();
		awaitUntil(() -> Boolean.TRUE.equals(this.redis.hasKey(lease)));

		inFlight.dispose();
		closing.release().block(WAIT);
		assertThat(this.redis.hasKey(lease)).as("released").isFalse();
		CrayonAccessToken successor = token("successor", Instant.now());
		assertThat(store.bind(client).obtain(null, fetch(successor)).block(WAIT)).isEqualTo(successor);
	}

	private CrayonTokenService service(TokenEndpoint endpoint, Clock clock) {
		return endpoint.serviceBuilder().store(store(null, clock)).clock(clock).build();
	}

	private RedisCrayonTokenStore store(String key, Clock clock) {
		return store(this.connectionFactory, key, clock);
	}

	private RedisCrayonTokenStore store(ReactiveRedisConnectionFactory connectionFactory) {
		return store(connectionFactory, null, Clock.systemUTC());
	}

	private RedisCrayonTokenStore store(ReactiveRedisConnectionFactory connectionFactory, String key, Clock clock) {
		RedisCrayonTokenStore store = new RedisCrayonTokenStore(connectionFactory, this.prefix, Duration.ofSeconds(2),
				key, clock);
		this.stores.add(store);
		return store;
	}

	/**
	 * Return the connections of this test, on which {@code step} runs right before the first
	 * lease request is sent.
	 */
	private ReactiveRedisConnectionFactory beforeFirstLease(Mono<?> step) {
		AtomicBoolean ran = new AtomicBoolean();
		return aroundScripts((scriptCall, answer) -> (isLease(scriptCall) && ran.compareAndSet(false, true))
				? step.thenMany((Flux<?>) answer) : answer);
	}

	private ReactiveRedisConnectionFactory firstReadFailing() {
		AtomicBoolean failed = new AtomicBoolean();
		return aroundScripts((scriptCall, answer) -> (scriptCall.name().startsWith("eval") && !isLease(scriptCall)
				&& failed.compareAndSet(false, true)) ? Flux.error(new IllegalStateException("Redis is not answering"))
						: answer);
	}

	@SuppressWarnings("unchecked")
	private ReactiveRedisConnectionFactory leaseEndingEarlierBy(Duration shortfall) {
		return intercept(ReactiveRedisConnectionFactory.class, this.connectionFactory, (factoryCall, connection) -> {
			if (!factoryCall.name().equals("getReactiveConnection")) {
				return connection;
			}
			return intercept(ReactiveRedisConnection.class, (ReactiveRedisConnection) connection,
					(connectionCall, commands) -> connectionCall.name().equals("keyCommands")
							? intercept(ReactiveKeyCommands.class, (ReactiveKeyCommands) commands,
									(keyCall, answer) -> keyCall.name().equals("pTtl") ? ((Mono<Long>) answer)
										.map((ttl) -> (ttl > 0) ? Math.max(0, ttl - shortfall.toMillis()) : ttl)
											: answer)
							: commands);
		});
	}

	/**
	 * Return a connection factory whose script calls hand their answer to {@code around}, which
	 * returns what the store gets.
	 */
	private ReactiveRedisConnectionFactory aroundScripts(BiFunction<Invocation, Object, Object> around) {
		return intercept(ReactiveRedisConnectionFactory.class, this.connectionFactory, (factoryCall, connection) -> {
			if (!factoryCall.name().equals("getReactiveConnection")) {
				return connection;
			}
			return intercept(ReactiveRedisConnection.class, (ReactiveRedisConnection) connection,
					(connectionCall, commands) -> connectionCall.name().equals("scriptingCommands")
							? intercept(ReactiveScriptingCommands.class, (ReactiveScriptingCommands) commands, around)
							: commands);
		});
	}

	/**
	 * Return whether a scripting call runs the lease script: one key, the lease.
	 */
	private static boolean isLease(Invocation call) {
		Object[] args = call.args();
		if (!call.name().startsWith("eval") || !Integer.valueOf(1).equals(args[2])) {
			return false;
		}
		ByteBuffer key = ((ByteBuffer[]) args[3])[0].duplicate();
		return StandardCharsets.UTF_8.decode(key).toString().endsWith(":lease");
	}

	/**
	 * Return a proxy of the target that hands the result of each call to {@code around}, which
	 * returns what the caller gets.
	 */
	private static <T> T intercept(Class<T> type, T target, BiFunction<Invocation, Object, Object> around) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			try {
				return around.apply(new Invocation(method, args), method.invoke(target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}));
	}

	/**
	 * A call to a proxy.
	 */
	private record Invocation(Method method, Object[] args) {

		String name() {
			return this.method.getName();
		}

	}

	private static CrayonTokenStore.Client client(String secret, String password, Duration requestBound) {
		CrayonClientSettings settings = CrayonClientSettings.builder("https://" + TOKEN_URI.getHost())
			.tokenUri(TOKEN_URI.toString())
			.timeout(requestBound)
			.retry(1, Duration.ofMillis(200), Duration.ofSeconds(5))
			.expiryMargin(MARGIN)
			.build();
		assertThat(settings.requestBound()).isEqualTo(requestBound);
		return new CrayonTokenStore.Client("client", settings, CrayonCredentials.of("client-id", secret, "user", password));
	}

	private static CrayonAccessToken token(String value, Instant issuedAt) {
		return new CrayonAccessToken(value, "Bearer", issuedAt, issuedAt.plusSeconds(3600));
	}

	private Mono<CrayonAccessToken> fetch(CrayonAccessToken token) {
		return Mono.fromSupplier(() -> {
			this.fetches.incrementAndGet();
			return token;
		});
	}

	private static Mono<CrayonAccessToken> unexpectedFetch() {
		return Mono.error(() -> new AssertionError("expected the shared token, not a token request"));
	}

	private static void awaitUntil(BooleanSupplier condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("condition within " + WAIT).isNegative();
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
