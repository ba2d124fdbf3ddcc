package com.crayon.token.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * {@link CrayonTokenStore} in Redis: one encrypted entry per client, a short lease so that one
 * instance requests the token the others wait for (woken through pub/sub), and compare-and-delete
 * of a rejected token. Every Redis call is bounded; on any Redis failure an instance requests
 * its own token, and the first failure of an outage is logged once at WARN.
 */
public final class RedisCrayonTokenStore implements CrayonTokenStore, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisCrayonTokenStore.class);

	/** Prefix of every key unless another is set. */
	public static final String DEFAULT_KEY_PREFIX = "crayon:token:";

	private static final RedisScript<Long> WRITE = RedisScript.of("""
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
			redis.call('PUBLISH', KEYS[3], 'written')
			return 1""", Long.class);

	private static final RedisScript<Long> LEASE = RedisScript.of("""
			local v = redis.call('GET', KEYS[1])
			if v and v ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return 1""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
			redis.call('PUBLISH', KEYS[2], 'released')
			return 1""", Long.class);

	private static final RedisScript<Long> EVICT = RedisScript.of("""
			local v = redis.call('GET', KEYS[1])
			if v and string.sub(v, 1, %d) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0""".formatted(TokenCipher.FINGERPRINT_LENGTH), Long.class);

	/** Leases an instance waits for before it requests a token itself. */
	static final int WAITS = 2;

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration timeout;

	private final byte @Nullable [] key;

	private final Clock clock;

	private final AtomicBoolean down = new AtomicBoolean();

	private volatile @Nullable ReactiveRedisMessageListenerContainer listeners;

	/**
	 * Create a store.
	 * @param connectionFactory the application's Redis connections
	 * @param keyPrefix prefix of every key, such as {@value #DEFAULT_KEY_PREFIX}
	 * @param timeout bound of each Redis call
	 * @param key key material from which entries' keys are derived; {@code null} to derive them
	 * from each client's secret
	 * @param clock the wall clock tokens' expiry is compared with
	 */
	public RedisCrayonTokenStore(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration timeout,
			@Nullable String key, Clock clock) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Binding bind(Client client) {
		String entry = this.keyPrefix + TokenCipher.hash(client.tokenUri().toString(), client.credentials().clientId(),
				client.credentials().username(), client.credentials().scope());
		byte[] secret = (this.key != null) ? this.key
				: client.credentials().clientSecret().getBytes(StandardCharsets.UTF_8);
		return new RedisBinding(entry, new TokenCipher(secret, entry), client.requestBound(), client.expiryMargin());
	}

	/**
	 * Open the connections the store uses (commands and pub/sub), so that the first token
	 * request is not the one that pays for connecting; a failure is logged and otherwise ignored.
	 * @param bound how long to wait for Redis
	 */
	public void connect(Duration bound) {
		try {
			this.redis.execute((connection) -> connection.ping())
				.then(listeners().receiveLater(ChannelTopic.of(this.keyPrefix + "connect")))
				.flatMap((messages) -> messages.take(Duration.ofMillis(1)).then())
				.block(bound);
			answered();
		}
		catch (RuntimeException ex) {
			unavailable(ex);
		}
	}

	@Override
	public void destroy() {
		ReactiveRedisMessageListenerContainer listeners = this.listeners;
		this.listeners = null;
		if (listeners != null) {
			try {
				listeners.destroy();
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to close the token store's pub/sub connection", ex);
			}
		}
	}

	@Override
	public String toString() {
		return "RedisCrayonTokenStore[keyPrefix=" + this.keyPrefix + ", timeout=" + this.timeout + "]";
	}

	/**
	 * Apply the bound to a Redis call, and turn any failure into {@link StoreUnavailable}.
	 */
	private <T> Mono<T> bounded(Mono<T> call) {
		return call.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof StoreUnavailable), StoreUnavailable::new)
			.doOnSuccess((value) -> answered());
	}

	private void answered() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			logger.info("The Redis token store answers again; instances share tokens again");
		}
	}

	private void unavailable(Throwable ex) {
		if (this.down.compareAndSet(false, true)) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.warn("The Redis token store is unavailable (" + cause.getClass().getSimpleName()
					+ "); each instance requests its own Crayon API tokens until Redis answers again");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("The Redis token store is still unavailable: " + ex.getCause());
		}
	}

	private ReactiveRedisMessageListenerContainer listeners() {
		ReactiveRedisMessageListenerContainer listeners = this.listeners;
		if (listeners == null) {
			synchronized (this) {
				listeners = this.listeners;
				if (listeners == null) {
					listeners = new ReactiveRedisMessageListenerContainer(this.connectionFactory);
					this.listeners = listeners;
				}
			}
		}
		return listeners;
	}

	private void dropListeners(ReactiveRedisMessageListenerContainer broken) {
		synchronized (this) {
			if (this.listeners == broken) {
				this.listeners = null;
			}
		}
		Mono.fromRunnable(broken::destroy).onErrorResume((ex) -> Mono.empty()).subscribe();
	}

	/**
	 * A Redis call failed or took too long.
	 */
	private static final class StoreUnavailable extends RuntimeException {

		StoreUnavailable(Throwable cause) {
			super(cause.getClass().getSimpleName(), cause, false, false);
		}

	}

	/**
	 * One client's entry ({@code <prefix><hash>}), lease ({@code :lease}) and channel
	 * ({@code :events}).
	 */
	private final class RedisBinding implements Binding {

		private final String entry;

		private final List<String> leaseAndChannel;

		private final String channel;

		private final TokenCipher cipher;

		private final Duration lease;

		private final Duration expiryMargin;

		/** This instance's lease id: one request at a time per client, so one id serves them all. */
		private final String holder = UUID.randomUUID().toString();

		RedisBinding(String entry, TokenCipher cipher, Duration lease, Duration expiryMargin) {
			this.entry = entry;
			this.channel = entry + ":events";
			this.leaseAndChannel = List.of(entry + ":lease", this.channel);
			this.cipher = cipher;
			this.lease = lease;
			this.expiryMargin = expiryMargin;
		}

		@Override
		public Mono<CrayonAccessToken> obtain(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch) {
			return read(current).switchIfEmpty(Mono.defer(() -> lease().flatMap((holder) -> !holder.isEmpty()
					? fetchAndWrite(fetch, holder) : awaitHolder(current, fetch, WAITS))))
				.onErrorResume(StoreUnavailable.class, (ex) -> {
					unavailable(ex);
					return fetch;
				});
		}

		@Override
		public Mono<Void> evict(CrayonAccessToken rejected) {
			return bounded(RedisCrayonTokenStore.this.redis
				.execute(EVICT, List.of(this.entry), List.of(this.cipher.fingerprint(rejected)))
				.then())
				.onErrorResume((ex) -> {
					unavailable(ex);
					return Mono.empty();
				});
		}

		/**
		 * Return the shared token if it is newer than {@code current} and may still be served.
		 */
		private Mono<CrayonAccessToken> read(@Nullable CrayonAccessToken current) {
			return bounded(RedisCrayonTokenStore.this.redis.opsForValue().get(this.entry))
				.mapNotNull((stored) -> {
					CrayonAccessToken token = this.cipher.open(stored);
					return (token != null && isNewer(token, current) && servedUntil(token).isAfter(now())) ? token
							: null;
				});
		}

		private boolean isNewer(CrayonAccessToken token, @Nullable CrayonAccessToken current) {
			return current == null
					|| (!token.value().equals(current.value()) && token.expiresAt().isAfter(current.expiresAt()));
		}

		/**
		 * Take the lease (or take back one this instance left behind, its write having failed);
		 * return this instance's id if taken, an empty string if another instance holds it.
		 */
		private Mono<String> lease() {
			return bounded(RedisCrayonTokenStore.this.redis.execute(LEASE, List.of(this.leaseAndChannel.get(0)),
					List.of(this.holder, Long.toString(this.lease.toMillis())))
				.next())
				.map((taken) -> (taken == 1L) ? this.holder : "");
		}

		private Mono<CrayonAccessToken> fetchAndWrite(Mono<CrayonAccessToken> fetch, @Nullable String holder) {
			return fetch.flatMap((token) -> write(token, holder).thenReturn(token))
				.onErrorResume((ex) -> !(ex instanceof StoreUnavailable),
						(ex) -> release(holder).then(Mono.error(ex)));
		}

		private Mono<Void> write(CrayonAccessToken token, @Nullable String holder) {
			long ttl = Duration.between(now(), servedUntil(token)).toMillis();
			if (ttl <= 0) {
				return release(holder);
			}
			return quietly(bounded(RedisCrayonTokenStore.this.redis.execute(WRITE,
					List.of(this.entry, this.leaseAndChannel.get(0), this.channel),
					List.of(this.cipher.seal(token), Long.toString(ttl), (holder != null) ? holder : "")).then()));
		}

		private Mono<Void> release(@Nullable String holder) {
			if (holder == null) {
				return Mono.empty();
			}
			return quietly(bounded(
					RedisCrayonTokenStore.this.redis.execute(RELEASE, this.leaseAndChannel, List.of(holder)).then()));
		}

		private Mono<Void> quietly(Mono<Void> call) {
			return call.onErrorResume((ex) -> {
				unavailable(ex);
				return Mono.empty();
			});
		}

		/**
		 * Wait for the lease holder's token, at most as long as its lease lasts, then read the
		 * entry; if there is still none, take the lease (or wait once more for whoever took it),
		 * and in the end request a token here.
		 */
		private Mono<CrayonAccessToken> awaitHolder(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch,
				int rounds) {
			ReactiveRedisMessageListenerContainer listeners = listeners();
			return bounded(listeners.receiveLater(ChannelTopic.of(this.channel)))
				.onErrorResume(StoreUnavailable.class, (ex) -> {
					dropListeners(listeners);
					return Mono.error(ex);
				})
				.flatMap((messages) -> {
					// listen before reading, so that a token written after the read wakes this waiter
					Sinks.Empty<Void> woken = Sinks.empty();
					Disposable listening = messages.next()
						.subscribe((message) -> woken.tryEmitEmpty(), woken::tryEmitError, woken::tryEmitEmpty);
					return read(current).switchIfEmpty(Mono.defer(() -> remainingLease()
						.flatMap((wait) -> wake(woken.asMono(), wait))
						.then(read(current))))
						.doFinally((signal) -> listening.dispose());
				})
				.switchIfEmpty(Mono.defer(() -> (rounds > 1) ? lease().flatMap((holder) -> !holder.isEmpty()
						? fetchAndWrite(fetch, holder) : awaitHolder(current, fetch, rounds - 1))
						: fetchAndWrite(fetch, null)));
		}

		private Mono<Duration> remainingLease() {
			return bounded(RedisCrayonTokenStore.this.redis.getExpire(this.leaseAndChannel.get(0)))
				.map((ttl) -> (ttl.isNegative() || ttl.compareTo(this.lease) > 0) ? Duration.ZERO : ttl);
		}

		private Mono<Void> wake(Mono<Void> woken, Duration wait) {
			if (wait.isZero()) {
				return Mono.empty();
			}
			return woken.timeout(wait)
				.onErrorResume(TimeoutException.class, (ex) -> Mono.empty())
				.onErrorMap((ex) -> !(ex instanceof StoreUnavailable), StoreUnavailable::new)
				.then();
		}

		private Instant servedUntil(CrayonAccessToken token) {
			Duration margin = this.expiryMargin;
			Duration quarter = token.lifetime().dividedBy(4);
			return token.expiresAt().minus((margin.compareTo(quarter) < 0) ? margin : quarter);
		}

		private Instant now() {
			return RedisCrayonTokenStore.this.clock.instant();
		}

		@Override
		public String toString() {
			return "RedisBinding[" + this.entry + "]";
		}

	}

}
