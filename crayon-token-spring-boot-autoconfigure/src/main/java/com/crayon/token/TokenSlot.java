package com.crayon.token;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * What the token cache holds: a usable token, or the failure that callers get at once until the
 * backoff window it opened has passed.
 */
sealed interface TokenSlot permits TokenSlot.Usable, TokenSlot.Failed {

	/**
	 * Return the epoch millisecond from which this slot must no longer be served.
	 * @return the end of the slot's life
	 */
	long servedUntilMillis();

	/**
	 * Return the token, or the failure, as a caller sees it.
	 * @return a {@code Mono} that completes at once
	 */
	Mono<CrayonAccessToken> token();

	/**
	 * A token that may be handed out until {@code servedUntilMillis}, and refreshed in the
	 * background from {@code refreshAtMillis}.
	 * @param value the token
	 * @param token the token as a ready-made {@code Mono}, shared by every caller
	 * @param servedUntilMillis when the token stops being handed out (expiry minus the margin)
	 * @param refreshAtMillis when the next token should be requested in the background
	 * @param refreshStarted whether a caller has started this slot's background refresh
	 */
	record Usable(CrayonAccessToken value, Mono<CrayonAccessToken> token, long servedUntilMillis, long refreshAtMillis,
			AtomicBoolean refreshStarted) implements TokenSlot {

		Usable(CrayonAccessToken value, long servedUntilMillis, long refreshAtMillis) {
			this(value, Mono.just(value), servedUntilMillis, refreshAtMillis, new AtomicBoolean());
		}

		/**
		 * Return this token with its next background refresh moved to {@code refreshAtMillis}.
		 * @param refreshAtMillis when to try the refresh again
		 * @return the same token, refreshed later
		 */
		Usable refreshAt(long refreshAtMillis) {
			return new Usable(this.value, this.token, this.servedUntilMillis, refreshAtMillis, new AtomicBoolean());
		}

		/**
		 * Claim this slot's background refresh: only the first caller past
		 * {@code refreshAtMillis} starts it, so a refresh that has completed but is not yet
		 * stored is never started again.
		 * @param nowMillis the current time
		 * @return {@code true} if the caller should start the refresh
		 */
		boolean claimRefresh(long nowMillis) {
			return nowMillis >= this.refreshAtMillis && !this.refreshStarted.get()
					&& this.refreshStarted.compareAndSet(false, true);
		}

		@Override
		public String toString() {
			return "Usable[" + this.value + ", servedUntilMillis=" + this.servedUntilMillis + ", refreshAtMillis="
					+ this.refreshAtMillis + "]";
		}

	}

	/**
	 * A failed token request, returned to callers at once until {@code servedUntilMillis}.
	 * @param failure why the request failed
	 * @param servedUntilMillis when the next request may be made
	 */
	record Failed(CrayonTokenException failure, long servedUntilMillis) implements TokenSlot {

		@Override
		public Mono<CrayonAccessToken> token() {
			return Mono.error(this.failure::copy);
		}

	}

}
