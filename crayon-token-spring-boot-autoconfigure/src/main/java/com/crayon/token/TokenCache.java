package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * One Caffeine cache for the token slots of any number of clients, keyed by the client's
 * {@link Owner}, the client's token service itself (by identity), so memory grows with the tokens held,
 * not with a cache per client; with the {@link TokenRequestLimiter} those clients share.
 *
 * <p>Each slot expires when it must no longer be served, or, with an idle timeout, when its
 * client has not asked for it for that long (clients read their token without Caffeine while it
 * is fresh, so they touch their slot at least twice per idle timeout). Loads and reloads are the
 * client's own token requests; they never complete exceptionally, so Caffeine never logs them.
 */
final class TokenCache {

	private final Ticker ticker;

	private final long idleNanos;

	private final AsyncLoadingCache<Owner, TokenSlot> cache;

	private final TokenRequestLimiter limiter;

	TokenCache(Ticker ticker) {
		this(ticker, null, TokenRequestLimiter.UNLIMITED);
	}

	/**
	 * Create a cache.
	 * @param ticker the time source of every deadline
	 * @param idleTimeout how long a slot nobody asks for is kept, or {@code null} to keep it until
	 * it must no longer be served
	 * @param limiter the bound on the token requests the clients send at once
	 */
	TokenCache(Ticker ticker, @Nullable Duration idleTimeout, TokenRequestLimiter limiter) {
		this.ticker = ticker;
		this.limiter = limiter;
		this.idleNanos = (idleTimeout != null) ? idleTimeout.toNanos() : 0;
		this.cache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.ticker(ticker)
			.expireAfter(new SlotExpiry(this.idleNanos))
			.removalListener((Owner client, TokenSlot slot, RemovalCause cause) -> {
				if (client != null && slot != null && cause.wasEvicted()) {
					client.evicted(slot);
				}
			})
			.buildAsync(new SlotLoader());
	}

	/**
	 * Return the idle timeout.
	 * @return the timeout in nanoseconds, or {@code 0} for none
	 */
	long idleNanos() {
		return this.idleNanos;
	}

	/**
	 * Record that a client used its slot, restarting its idle timeout.
	 * @param client the client
	 */
	void touch(Owner client) {
		this.cache.getIfPresent(client);
	}

	/**
	 * Return the bound on the token requests the clients of this cache send at once.
	 * @return the limiter
	 */
	TokenRequestLimiter limiter() {
		return this.limiter;
	}

	/**
	 * Return the ticker every deadline of the cached slots is read from.
	 * @return the ticker
	 */
	Ticker ticker() {
		return this.ticker;
	}

	/**
	 * Return the client's slot, loading it with the given request if there is none.
	 * @param client the client
	 * @param request starts (or joins) the client's token request
	 * @return the slot, perhaps not yet complete
	 */
	CompletableFuture<TokenSlot> get(Owner client, Supplier<CompletableFuture<TokenSlot>> request) {
		return this.cache.get(client, (key, executor) -> request.get());
	}

	@Nullable CompletableFuture<TokenSlot> getIfPresent(Owner client) {
		return this.cache.getIfPresent(client);
	}

	/**
	 * Start a background reload of the client's slot, sharing its token request.
	 * @param client the client
	 */
	void refresh(Owner client) {
		this.cache.synchronous().refresh(client);
	}

	/**
	 * Remove the client's slot if it is still the given one.
	 * @param client the client
	 * @param slot the slot to remove
	 * @return {@code true} if it was removed
	 */
	boolean remove(Owner client, CompletableFuture<TokenSlot> slot) {
		return this.cache.asMap().remove(client, slot);
	}

	void invalidate(Owner client) {
		this.cache.synchronous().invalidate(client);
	}

	/**
	 * Return how long the cache will keep a client's slot; a slot whose request has just completed
	 * shows its real expiry only once Caffeine's completion handler has run, which may be after the
	 * waiting callers were woken.
	 * @param client the client
	 * @return the time left, or {@code null} if there is no slot
	 */
	@Nullable Duration expiresAfter(Owner client) {
		return this.cache.synchronous()
			.policy()
			.expireVariably()
			.flatMap((policy) -> policy.getExpiresAfter(client))
			.orElse(null);
	}

	/**
	 * Return how many slots the cache holds, after evicting those whose time is up.
	 * @return the estimated number of slots
	 */
	long size() {
		this.cache.synchronous().cleanUp();
		return this.cache.synchronous().estimatedSize();
	}

	/**
	 * Loads and reloads a slot through its client.
	 */
	private static final class SlotLoader implements AsyncCacheLoader<Owner, TokenSlot> {

		@Override
		public CompletableFuture<TokenSlot> asyncLoad(Owner client, Executor executor) {
			return client.load();
		}

		@Override
		public CompletableFuture<TokenSlot> asyncReload(Owner client, TokenSlot oldSlot,
				Executor executor) {
			return client.reload(oldSlot);
		}

	}

	/**
	 * Expires each slot when it must no longer be served.
	 */
	private static final class SlotExpiry implements Expiry<Owner, TokenSlot> {

		private final long idleNanos;

		SlotExpiry(long idleNanos) {
			this.idleNanos = idleNanos;
		}

		@Override
		public long expireAfterCreate(Owner client, TokenSlot slot, long currentTime) {
			long served = Math.max(0, slot.servedUntilNanos() - currentTime);
			return (this.idleNanos > 0) ? Math.min(served, this.idleNanos) : served;
		}

		@Override
		public long expireAfterUpdate(Owner client, TokenSlot slot, long currentTime,
				long currentDuration) {
			return expireAfterCreate(client, slot, currentTime);
		}

		@Override
		public long expireAfterRead(Owner client, TokenSlot slot, long currentTime,
				long currentDuration) {
			return (this.idleNanos > 0) ? expireAfterCreate(client, slot, currentTime) : currentDuration;
		}

	}

	/**
	 * Whose slot the cache holds, keyed by identity: loads and reloads it with its own token
	 * requests, and hears when it is evicted.
	 */
	interface Owner {

		/**
		 * Load the slot: the token request in flight, or a new one.
		 * @return the outcome, never completed exceptionally
		 */
		CompletableFuture<TokenSlot> load();

		/**
		 * Refresh the slot in the background.
		 * @param oldSlot the slot being refreshed
		 * @return the outcome, never completed exceptionally
		 */
		CompletableFuture<TokenSlot> reload(TokenSlot oldSlot);

		/**
		 * Hear that the slot was evicted (it expired, or sat idle).
		 * @param slot the evicted slot
		 */
		void evicted(TokenSlot slot);

	}

}
