package com.crayon.token.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenStore.Binding;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * One client's entry ({@code <prefix><hash>}), lease ({@code :lease}) and channel
 * ({@code :events}).
 */
final class RedisBinding implements Binding {

	/** Leases an instance waits for before it requests a token itself. */
	static final int WAITS = 2;

	private final BoundedRedis redis;

	private final Clock clock;

	private final String entry;

	private final List<String> leaseAndChannel;

	private final String channel;

	private final TokenCipher cipher;

	private final Duration lease;

	private final Duration expiryMargin;

	/** This instance's lease id: one request at a time per client, so one id serves them all. */
	private final String holder = UUID.randomUUID().toString();

	RedisBinding(BoundedRedis redis, Clock clock, String entry, TokenCipher cipher, Duration lease,
			Duration expiryMargin) {
		this.redis = redis;
		this.clock = clock;
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
				this.redis.unavailable(ex);
				return fetch;
			});
	}

	@Override
	public Mono<Void> evict(CrayonAccessToken rejected) {
		return this.redis.bounded(this.redis.commands()
			.execute(RedisScripts.EVICT, List.of(this.entry), List.of(this.cipher.fingerprint(rejected)))
			.then())
			.onErrorResume((ex) -> {
				this.redis.unavailable(ex);
				return Mono.empty();
			});
	}

	/**
	 * Return the shared token if it is newer than {@code current} and may still be served.
	 */
	private Mono<CrayonAccessToken> read(@Nullable CrayonAccessToken current) {
		return this.redis.bounded(this.redis.commands().opsForValue().get(this.entry))
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
		return this.redis.bounded(this.redis.commands().execute(RedisScripts.LEASE,
				List.of(this.leaseAndChannel.get(0)), List.of(this.holder, Long.toString(this.lease.toMillis())))
			.next())
			.map((taken) -> (taken == 1L) ? this.holder : "");
	}

	private Mono<CrayonAccessToken> fetchAndWrite(Mono<CrayonAccessToken> fetch, @Nullable String holder) {
		return fetch.flatMap((token) -> write(token, holder).thenReturn(token))
			.onErrorResume((ex) -> !(ex instanceof StoreUnavailable), (ex) -> release(holder).then(Mono.error(ex)));
	}

	private Mono<Void> write(CrayonAccessToken token, @Nullable String holder) {
		long ttl = Duration.between(now(), servedUntil(token)).toMillis();
		if (ttl <= 0) {
			return release(holder);
		}
		return quietly(this.redis.bounded(this.redis.commands()
			.execute(RedisScripts.WRITE, List.of(this.entry, this.leaseAndChannel.get(0), this.channel),
					List.of(this.cipher.seal(token), Long.toString(ttl), (holder != null) ? holder : ""))
			.then()));
	}

	private Mono<Void> release(@Nullable String holder) {
		if (holder == null) {
			return Mono.empty();
		}
		return quietly(this.redis.bounded(
				this.redis.commands().execute(RedisScripts.RELEASE, this.leaseAndChannel, List.of(holder)).then()));
	}

	private Mono<Void> quietly(Mono<Void> call) {
		return call.onErrorResume((ex) -> {
			this.redis.unavailable(ex);
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
		ReactiveRedisMessageListenerContainer listeners = this.redis.listeners();
		return this.redis.bounded(listeners.receiveLater(ChannelTopic.of(this.channel)))
			.onErrorResume(StoreUnavailable.class, (ex) -> {
				this.redis.dropListeners(listeners);
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
		return this.redis.bounded(this.redis.commands().getExpire(this.leaseAndChannel.get(0)))
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
		return this.clock.instant();
	}

	@Override
	public String toString() {
		return "RedisBinding[" + this.entry + "]";
	}

}
