package com.crayon.token;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * What the token cache holds for a client: a usable token, or the failure that callers get at
 * once until the backoff window it opened has passed. Deadlines are readings of the monotonic
 * {@link com.github.benmanes.caffeine.cache.Ticker}, compared as {@code now - deadline >= 0}.
 */
sealed interface TokenSlot permits TokenSlot.Usable, TokenSlot.Failed {

	/**
	 * Return the ticker reading from which this slot must no longer be served.
	 * @return the end of the slot's life, in nanoseconds
	 */
	long servedUntilNanos();

	/**
	 * Return the token, or the failure, as a caller sees it.
	 * @return a {@code Mono} that completes at once
	 */
	Mono<CrayonAccessToken> token();

	/**
	 * A token that may be handed out until {@code servedUntilNanos}, and refreshed in the
	 * background from {@code refreshAtNanos}.
	 * @param value the token
	 * @param token the token as a ready-made {@code Mono}, shared by every caller
	 * @param expiresAtNanos when the token expires
	 * @param servedUntilNanos when the token stops being handed out (expiry minus the margin)
	 * @param refreshAtNanos when the next token should be requested in the background
	 * @param refreshStarted whether a caller has started this slot's background refresh
	 */
	record Usable(CrayonAccessToken value, Mono<CrayonAccessToken> token, long expiresAtNanos, long servedUntilNanos,
			long refreshAtNanos, AtomicBoolean refreshStarted) implements TokenSlot {

		Usable(CrayonAccessToken value, long expiresAtNanos, long servedUntilNanos, long refreshAtNanos) {
			this(value, Mono.just(value), expiresAtNanos, servedUntilNanos, refreshAtNanos, new AtomicBoolean());
		}

		/**
		 * Return a token requested at the given moment, with its deadlines: served until its
		 * expiry less the {@linkplain CrayonClientSettings#marginFor margin}, refreshed from
		 * {@code refreshBeforeExpiry} before its expiry (never before half its lifetime), delayed
		 * by a random time of at most {@code refreshJitter} and at most half the rest of its
		 * serving time, so that tokens issued together are not all refreshed together, and the
		 * second half stays for retries.
		 * @param value the token
		 * @param requestedAtNanos ticker reading when it was requested
		 * @param settings the client's settings
		 * @return the slot
		 */
		static Usable of(CrayonAccessToken value, long requestedAtNanos, CrayonClientSettings settings) {
			long lifetime = value.lifetime().toNanos();
			long servedFor = lifetime - settings.marginFor(value.lifetime()).toNanos();
			long start = Math.max(lifetime / 2, lifetime - settings.refreshBeforeExpiry().toNanos());
			long spread = Math.min(settings.refreshJitter().toNanos(), Math.max(0, (servedFor - start) / 2));
			long refreshAt = requestedAtNanos + start
					+ ((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
			return new Usable(value, requestedAtNanos + lifetime, requestedAtNanos + servedFor, refreshAt);
		}

		/**
		 * Return this token with its next background refresh moved to {@code refreshAtNanos}.
		 * @param refreshAtNanos when to try the refresh again
		 * @return the same token, refreshed later
		 */
		Usable refreshAt(long refreshAtNanos) {
			return new Usable(this.value, this.token, this.expiresAtNanos, this.servedUntilNanos, refreshAtNanos,
					new AtomicBoolean());
		}

		/**
		 * Return whether the token is not yet due for a background refresh.
		 * @param nowNanos the current ticker reading
		 * @return {@code true} before {@code refreshAtNanos}
		 */
		boolean isFresh(long nowNanos) {
			return nowNanos - this.refreshAtNanos < 0;
		}

		/**
		 * Claim this slot's background refresh: only the first caller past
		 * {@code refreshAtNanos} starts it, so a refresh that has completed but is not yet
		 * stored is never started again.
		 * @param nowNanos the current ticker reading
		 * @return {@code true} if the caller should start the refresh
		 */
		boolean claimRefresh(long nowNanos) {
			return !isFresh(nowNanos) && !this.refreshStarted.get() && this.refreshStarted.compareAndSet(false, true);
		}

		@Override
		public String toString() {
			return "Usable[" + this.value + ", servedUntilNanos=" + this.servedUntilNanos + ", refreshAtNanos="
					+ this.refreshAtNanos + "]";
		}

	}

	/**
	 * A failed token request, returned to callers at once until {@code servedUntilNanos}.
	 * @param failure why the request failed
	 * @param servedUntilNanos when the next request may be made
	 */
	record Failed(CrayonTokenException failure, long servedUntilNanos) implements TokenSlot {

		@Override
		public Mono<CrayonAccessToken> token() {
			return Mono.error(this.failure::copy);
		}

	}

}
