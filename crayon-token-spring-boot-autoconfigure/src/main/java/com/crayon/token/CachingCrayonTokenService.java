package com.crayon.token;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@link CrayonTokenService} that keeps the current token in a Caffeine cache until its expiry
 * minus the margin, refreshes it in the background ahead of that, and shares one token request
 * among all callers that find no usable token.
 *
 * <p>Caffeine holds a single entry: a {@link TokenSlot.Usable} token, expiring when it must no
 * longer be sent, or a {@link TokenSlot.Failed} request, expiring when its backoff window ends.
 * Caffeine runs at most one load or refresh of that entry at a time. Loads and refreshes never
 * complete exceptionally (a failure becomes a {@code Failed} slot, or keeps the current token),
 * so Caffeine never logs them: {@link FailureStreak} logs once per streak instead.
 *
 * <p>The hot path does not go through Caffeine: {@code latest} holds the newest token the
 * endpoint issued, and while it is not yet due for refresh a call costs one volatile read and
 * one clock read (a Caffeine read measured three to four times that; see
 * {@code benchmarks/README.md}). It is written before any caller can see the token and cleared
 * by {@link #invalidate}, so it never serves a token that was invalidated or is due for refresh:
 * past {@code refreshAt} every call goes through Caffeine.
 */
final class CachingCrayonTokenService implements CrayonTokenService {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private static final String KEY = "token";

	private final CrayonTokenClient client;

	private final Clock clock;

	private final Duration expiryMargin;

	private final Duration refreshBeforeExpiry;

	private final FailureStreak failures;

	private final Duration blockTimeout;

	private final AsyncLoadingCache<String, TokenSlot> cache;

	private final AtomicReference<@Nullable CompletableFuture<TokenSlot>> inFlight = new AtomicReference<>();

	private final AtomicReference<TokenSlot.@Nullable Usable> latest = new AtomicReference<>();

	private final Mono<CrayonAccessToken> token = Mono.defer(this::currentToken);

	CachingCrayonTokenService(CrayonTokenClient client, Clock clock, Duration expiryMargin,
			Duration refreshBeforeExpiry, FailureStreak failures, Duration blockTimeout) {
		this.client = client;
		this.clock = clock;
		this.expiryMargin = expiryMargin;
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		this.failures = failures;
		this.blockTimeout = blockTimeout;
		this.cache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.expireAfter(new SlotExpiry())
			.buildAsync(new SlotLoader());
	}

	@Override
	public Mono<CrayonAccessToken> token() {
		return this.token;
	}

	/**
	 * Return the token as of now; {@link #token()} defers to this on every subscription.
	 */
	private Mono<CrayonAccessToken> currentToken() {
		TokenSlot.Usable latest = latestBeforeRefresh();
		return (latest != null) ? latest.token() : cachedToken();
	}

	/**
	 * Return the newest token if it is not yet due for a refresh, without touching the cache.
	 */
	private TokenSlot.@Nullable Usable latestBeforeRefresh() {
		TokenSlot.Usable latest = this.latest.get();
		return (latest != null && this.clock.millis() < latest.refreshAtMillis()) ? latest : null;
	}

	/**
	 * Return the token from the cache, loading it if there is none and starting a background
	 * refresh if it is due.
	 */
	private Mono<CrayonAccessToken> cachedToken() {
		CompletableFuture<TokenSlot> future = this.cache.get(KEY);
		TokenSlot slot = future.getNow(null);
		if (slot == null) {
			return Mono.fromFuture(future, true).flatMap(TokenSlot::token);
		}
		long now = this.clock.millis();
		if (now >= slot.servedUntilMillis()) {
			return replaceStale(future);
		}
		if (slot instanceof TokenSlot.Usable usable && usable.claimRefresh(now)) {
			this.cache.synchronous().refresh(KEY);
		}
		return slot.token();
	}

	/**
	 * Drop a slot whose time is up but whose expiry Caffeine has not recorded yet (a caller woken
	 * by the completed request can run before Caffeine's own completion handler), then load anew.
	 */
	private Mono<CrayonAccessToken> replaceStale(CompletableFuture<TokenSlot> stale) {
		this.cache.asMap().remove(KEY, stale);
		CompletableFuture<TokenSlot> future = this.cache.get(KEY);
		return Mono.fromFuture(future, true).flatMap(TokenSlot::token);
	}

	@Override
	public CrayonAccessToken getToken() {
		TokenSlot.Usable latest = latestBeforeRefresh();
		if (latest != null) {
			return latest.value();
		}
		CrayonAccessToken token = cachedToken().block(this.blockTimeout);
		if (token == null) {
			throw new IllegalStateException("Token service completed without a token");
		}
		return token;
	}

	@Override
	public void invalidate(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.latest.get();
		if (latest != null && latest.value().equals(token)) {
			this.latest.compareAndSet(latest, null);
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(KEY);
		if (slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token)
				&& this.cache.asMap().remove(KEY, slot) && logger.isDebugEnabled()) {
			logger.debug("Invalidated " + token + "; the next caller fetches a new token");
		}
	}

	/**
	 * Return the token request in flight, or start one. Loads and background refreshes share it,
	 * so there is never more than one token request at a time.
	 * @return the outcome of the request, never completed exceptionally
	 */
	private CompletableFuture<TokenSlot> request() {
		for (;;) {
			CompletableFuture<TokenSlot> inFlight = this.inFlight.get();
			if (inFlight != null) {
				return inFlight;
			}
			CompletableFuture<TokenSlot> started = new CompletableFuture<>();
			if (this.inFlight.compareAndSet(null, started)) {
				this.client.requestToken()
					.map(this::usable)
					.onErrorResume((ex) -> Mono.just(failed(ex)))
					.subscribe((slot) -> {
						if (slot instanceof TokenSlot.Usable usable) {
							this.latest.set(usable);
						}
						this.inFlight.compareAndSet(started, null);
						started.complete(slot);
					});
				return started;
			}
		}
	}

	private TokenSlot usable(CrayonAccessToken token) {
		this.failures.succeeded();
		long expiresAt = token.expiresAt().toEpochMilli();
		long halfLife = token.lifetime().toMillis() / 2;
		long servedUntil = expiresAt - Math.min(this.expiryMargin.toMillis(), halfLife);
		long refreshAt = Math.min(servedUntil,
				Math.max(token.issuedAt().toEpochMilli() + halfLife, expiresAt - this.refreshBeforeExpiry.toMillis()));
		if (logger.isDebugEnabled()) {
			long now = this.clock.millis();
			logger.debug("Obtained " + token + "; serving it for " + (servedUntil - now)
					+ " ms, refreshing it in the background after " + (refreshAt - now) + " ms");
		}
		return new TokenSlot.Usable(token, servedUntil, refreshAt);
	}

	private TokenSlot failed(Throwable ex) {
		CrayonTokenException failure = (ex instanceof CrayonTokenException tokenFailure) ? tokenFailure
				: new CrayonTokenException("Crayon API token request failed unexpectedly: " + ex, null, null, true, ex);
		return new TokenSlot.Failed(failure, this.clock.millis() + this.failures.failed(failure).toMillis());
	}

	@Override
	public String toString() {
		return "CachingCrayonTokenService[" + this.client + "]";
	}

	/**
	 * Loads and reloads the slot. Neither ever completes exceptionally.
	 */
	private final class SlotLoader implements AsyncCacheLoader<String, TokenSlot> {

		@Override
		public CompletableFuture<TokenSlot> asyncLoad(String key, Executor executor) {
			return request();
		}

		/**
		 * Refresh a usable token; if the request fails, keep serving it and try again after the
		 * backoff.
		 */
		@Override
		public CompletableFuture<TokenSlot> asyncReload(String key, TokenSlot oldSlot, Executor executor) {
			if (!(oldSlot instanceof TokenSlot.Usable current)) {
				return request();
			}
			logger.debug("Refreshing the Crayon API token in the background");
			return request().thenApply((slot) -> (slot instanceof TokenSlot.Failed failed)
					? current.refreshAt(failed.servedUntilMillis()) : slot);
		}

	}

	/**
	 * Expires each slot when it must no longer be served.
	 */
	private final class SlotExpiry implements Expiry<String, TokenSlot> {

		@Override
		public long expireAfterCreate(String key, TokenSlot slot, long currentTime) {
			return TimeUnit.MILLISECONDS.toNanos(slot.servedUntilMillis()) - currentTime;
		}

		@Override
		public long expireAfterUpdate(String key, TokenSlot slot, long currentTime, long currentDuration) {
			return expireAfterCreate(key, slot, currentTime);
		}

		@Override
		public long expireAfterRead(String key, TokenSlot slot, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
