package com.crayon.token.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonTokenStore.Binding;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client's entry ({@code <prefix>{<id>}}), lease ({@code :lease}) and channel
 * ({@code :events}), all in the hash slot of the id. How long the entry's token has left is the
 * entry's time to live as Redis reports it, so an instance whose clock is off still stops using
 * a shared token when it expires.
 */
final class RedisBinding implements Binding {

	/** Leases an instance waits for before it requests a token itself. */
	static final int WAITS = 2;

	/** Added to what Redis says a lease has left, so that a waiter wakes once it has gone. */
	static final Duration LEASE_GRACE = Duration.ofMillis(20);

	/** How often a waiter reads the entry and the lease again while no message woke it. */
	static final Duration RECHECK = Duration.ofSeconds(1);

	private final BoundedRedis redis;

	private final Clock clock;

	private final String entry;

	private final String lease;

	private final String channel;

	private final TokenCipher cipher;

	private final Duration leaseTime;

	private final CrayonClientSettings settings;

	/** This instance's lease id: one request at a time per client, so one id serves them all. */
	private final String holder = UUID.randomUUID().toString();

	/** Whether this instance may hold the lease, so that closing releases it only then. */
	private volatile boolean leased;

	RedisBinding(BoundedRedis redis, Clock clock, String entry, TokenCipher cipher, CrayonClientSettings settings) {
		this.redis = redis;
		this.clock = clock;
		this.entry = entry;
		this.lease = entry + ":lease";
		this.channel = entry + ":events";
		this.cipher = cipher;
		this.leaseTime = settings.requestBound();
		this.settings = settings;
	}

	@Override
	public Mono<CrayonAccessToken> obtain(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch) {
		return read(current).switchIfEmpty(Mono.defer(() -> lease().flatMap((holder) -> !holder.isEmpty()
				? readAgainOrFetch(current, fetch, holder) : awaitHolder(current, fetch, WAITS))))
			.onErrorResume(StoreUnavailable.class, (ex) -> {
				this.redis.unavailable(ex);
				// offered to the others once Redis answers (a cold connection past the bound, say), written only
				// over an entry that expires earlier, so that instances starting later take it
				return fetch.doOnNext((token) -> write(token, null).subscribe());
			});
	}

	@Override
	public Mono<Void> evict(CrayonAccessToken rejected) {
		return delete(this.cipher.fingerprint(rejected));
	}

	@Override
	public Mono<Void> retire(@Nullable CrayonAccessToken last) {
		return delete((last != null) ? this.cipher.fingerprint(last) : "").then(release());
	}

	@Override
	public Mono<Void> release() {
		return this.leased ? release(this.holder) : Mono.empty();
	}

	private Mono<Void> delete(String fingerprint) {
		return quietly(this.redis.bounded(
				this.redis.commands().execute(RedisScripts.EVICT, List.of(this.entry), List.of(fingerprint)).then()));
	}

	/**
	 * Return the shared token if it is newer than {@code current} and may still be served.
	 */
	private Mono<CrayonAccessToken> read(@Nullable CrayonAccessToken current) {
		return this.redis.bounded(this.redis.commands().execute(RedisScripts.READ, List.of(this.entry)).next())
			.mapNotNull((answer) -> {
				int separator = answer.indexOf('|');
				Duration left = Duration.ofMillis(Long.parseLong(answer.substring(0, separator)));
				CrayonAccessToken token = this.cipher.open(answer.substring(separator + 1), left, this.clock);
				return (token != null && isNewer(token, current) && left.compareTo(this.settings.marginFor(token.lifetime())) > 0) ? token : null;
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
		return Mono.defer(() -> {
			// set before asking: Redis may grant the lease while this call is being cancelled, and
			// closing must then still release it (releasing a lease another instance holds does nothing)
			this.leased = true;
			return this.redis.bounded(this.redis.commands()
				.execute(RedisScripts.LEASE, List.of(this.lease),
						List.of(this.holder, Long.toString(this.leaseTime.toMillis())))
				.next());
		}).map((taken) -> {
			if (taken == 1L) {
				return this.holder;
			}
			this.leased = false;
			return "";
		});
	}

	/**
	 * Read the entry again now that this instance holds the lease, and request a token only if
	 * it still has none to take: another instance may have written one (releasing its lease)
	 * between this instance's read and its lease, and the lease alone does not tell. A token
	 * found releases the lease; a failed read leaves the request to this instance, as before.
	 */
	private Mono<CrayonAccessToken> readAgainOrFetch(@Nullable CrayonAccessToken current,
			Mono<CrayonAccessToken> fetch, String holder) {
		return read(current)
			.onErrorResume(StoreUnavailable.class, (ex) -> {
				this.redis.unavailable(ex);
				return Mono.empty();
			})
			.doOnCancel(() -> release(holder).subscribe())
			.flatMap((written) -> release(holder).thenReturn(written))
			.switchIfEmpty(Mono.defer(() -> fetchAndWrite(fetch, holder)));
	}

	private Mono<CrayonAccessToken> fetchAndWrite(Mono<CrayonAccessToken> fetch, @Nullable String holder) {
		return fetch.flatMap((token) -> write(token, holder).thenReturn(token))
			.onErrorResume((ex) -> !(ex instanceof StoreUnavailable), (ex) -> release(holder).then(Mono.error(ex)))
			.doOnCancel(() -> release(holder).subscribe());
	}

	/**
	 * Write a token this instance requested, to live in Redis until it expires: while this
	 * instance holds the lease, or over an entry that expires earlier.
	 */
	private Mono<Void> write(CrayonAccessToken token, @Nullable String holder) {
		long ttl = Duration.between(this.clock.instant(), token.expiresAt()).toMillis();
		if (ttl <= this.settings.marginFor(token.lifetime()).toMillis()) {
			return release(holder);
		}
		return quietly(this.redis.bounded(this.redis.commands()
			.execute(RedisScripts.WRITE, List.of(this.entry, this.lease, this.channel),
					List.of(this.cipher.seal(token), Long.toString(ttl), (holder != null) ? holder : ""))
			.then()).doOnSuccess((done) -> released(holder)));
	}

	private Mono<Void> release(@Nullable String holder) {
		if (holder == null) {
			return Mono.empty();
		}
		return quietly(this.redis.bounded(
				this.redis.commands().execute(RedisScripts.RELEASE, List.of(this.lease, this.channel), List.of(holder))
					.then())
			.doOnSuccess((done) -> released(holder)));
	}

	private void released(@Nullable String holder) {
		if (holder != null) {
			this.leased = false;
		}
	}

	private Mono<Void> quietly(Mono<Void> call) {
		return call.onErrorResume((ex) -> {
			this.redis.unavailable(ex);
			return Mono.empty();
		});
	}

	/**
	 * Wait for the lease holder's token, at most as long as its lease lasts, woken through
	 * pub/sub or finding it at a recheck; if there is still none, take the lease (or wait once
	 * more for whoever took it), and in the end request a token here.
	 */
	private Mono<CrayonAccessToken> awaitHolder(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch,
			int rounds) {
		return this.redis.receiveLater(this.channel)
			.flatMap((messages) -> {
				// listen before reading, so that a token written after the read wakes this waiter
				Sinks.Empty<Void> woken = Sinks.empty();
				Disposable listening = messages.next()
					.subscribe((message) -> woken.tryEmitEmpty(), woken::tryEmitError, woken::tryEmitEmpty);
				return read(current)
					.switchIfEmpty(Mono.defer(() -> remainingLease()
						.flatMap((lease) -> awaitWritten(woken.asMono(), current, lease))))
					.doFinally((signal) -> listening.dispose());
			})
			.switchIfEmpty(Mono.defer(() -> (rounds > 1) ? lease().flatMap((holder) -> !holder.isEmpty()
					? readAgainOrFetch(current, fetch, holder) : awaitHolder(current, fetch, rounds - 1))
					: fetchAndWrite(fetch, null)));
	}

	/**
	 * Return how long the lease has left, a little more than Redis says ({@link #LEASE_GRACE}):
	 * its answer is cut to the millisecond and a key lives through its last millisecond, so a
	 * waiter that woke exactly then would find the lease still held, end its last round and
	 * request a token beside the instance that takes the lease over.
	 */
	private Mono<Duration> remainingLease() {
		return this.redis.bounded(this.redis.commands().getExpire(this.lease))
			.map((ttl) -> (ttl.isNegative() || ttl.isZero() || ttl.compareTo(this.leaseTime) > 0) ? Duration.ZERO
					: ttl.plus(LEASE_GRACE));
	}

	/**
	 * Wait until woken, at most for {@code budget} (what the lease had left when this round
	 * began), then read the entry; while no message came, look at the lease and the entry again
	 * every {@link #RECHECK}, so that a waiter whose message is lost (its pub/sub connection
	 * broke, Redis failed over) learns within about one recheck that the token was written, the
	 * lease released, or Redis is unreachable.
	 */
	private Mono<CrayonAccessToken> awaitWritten(Mono<Void> woken, @Nullable CrayonAccessToken current,
			Duration budget) {
		Duration wait = min(budget, RECHECK);
		return wake(woken, wait).flatMap((woke) -> {
			Duration left = budget.minus(wait);
			if (woke || left.isZero() || left.isNegative()) {
				return read(current);
			}
			// the lease before the entry: a holder deletes its lease as it writes the entry, so a
			// lease gone before an empty read means no token is coming and the next round begins
			return remainingLease().flatMap((lease) -> read(current).switchIfEmpty(Mono
				.defer(() -> lease.isZero() ? Mono.empty() : awaitWritten(woken, current, min(left, lease)))));
		});
	}

	/**
	 * Return whether the waiter was woken within {@code wait}; {@code false} once it passed.
	 */
	private Mono<Boolean> wake(Mono<Void> woken, Duration wait) {
		if (wait.isZero()) {
			return Mono.just(false);
		}
		return woken.thenReturn(true)
			.timeout(wait, Mono.just(false))
			.onErrorMap((ex) -> !(ex instanceof StoreUnavailable), StoreUnavailable::new);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "RedisBinding[" + this.entry + "]";
	}

}
