package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What changes a client from outside, beside its token service: a token the API rejected, new
 * settings and credentials (rotation), removal and closing. Each drops what no longer holds (the token here and in the
 * store, the request in flight, the failure streak, the re-authentication window) in an order
 * that leaves no window in which a token of the old credentials is served.
 */
final class ClientChanges {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final String name;

	private final boolean configured;

	private final Holder holder;

	private final TokenRequests requests;

	private final ReauthenticationWindow window;

	private final TokenCache cache;

	private final CrayonTokenListener listener;

	ClientChanges(String name, boolean configured, Holder holder, TokenRequests requests,
			ReauthenticationWindow window, TokenCache cache, CrayonTokenListener listener) {
		this.name = name;
		this.configured = configured;
		this.listener = listener;
		this.holder = holder;
		this.requests = requests;
		this.window = window;
		this.cache = cache;
	}

	/**
	 * Drop a token the API rejected, if it is still the current one, at most once per
	 * re-authentication window (see {@link ReauthenticationWindow}): within it the token is kept,
	 * so the next call returns the same token and a caller comparing the two knows not to retry.
	 * @param token the rejected token
	 */
	void rejected(CrayonAccessToken token) {
		if (!isCurrent(token)) {
			return;
		}
		long now = this.cache.ticker().read();
		Duration window = this.requests.source().settings().maxBackoff();
		if (this.window.rejected(token, now, window) != ReauthenticationWindow.Verdict.KEEP) {
			drop(token);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Keeping " + token + " of Crayon client '" + this.name + "': a new token was requested after a "
					+ "rejection " + this.window.sinceLast(now).toMillis()
					+ " ms ago, and re-authentication happens at most once per " + window.toMillis()
					+ " ms (crayon.api.token.retry.max-backoff)");
		}
	}

	private boolean isCurrent(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.holder.latest();
		if (latest != null && latest.value().equals(token)) {
			return true;
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this.holder);
		return slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token);
	}

	private void drop(CrayonAccessToken token) {
		this.requests.source().rejected(token);
		boolean dropped = this.holder.dropLatest(token);
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this.holder);
		if (slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token)
				&& this.cache.remove(this.holder, slot)) {
			dropped = true;
			if (logger.isDebugEnabled()) {
				logger.debug("Invalidated " + token + " of Crayon client '" + this.name
						+ "'; the next caller fetches a new token");
			}
		}
		if (dropped) {
			this.requests.reauthenticating();
			CompositeCrayonTokenListener.safely(() -> this.listener.tokenInvalidated(this.name, !this.configured));
		}
	}

	/**
	 * Take new settings and credentials. New credentials or another token endpoint drop every
	 * trace of the old ones at once: the token here and in the store, the token request in flight
	 * (its callers get a token of the new ones), the failure backoff and the re-authentication
	 * window; the next call requests a token with the new ones. Other settings (timings, retries)
	 * apply from the next token request.
	 * @param source where tokens come from now, with the new settings and credentials
	 * @return {@code true} if the credentials or the token endpoint changed
	 */
	synchronized boolean reconfigure(TokenSource source) {
		TokenSlot.Usable latest = this.holder.latest();
		TokenSource old = this.requests.source();
		boolean rotated = !old.issuesLike(source);
		TokenRequest cancelled = this.requests.replaceSource(source);
		if (!rotated) {
			return false;
		}
		this.holder.clear();
		this.window.reset();
		old.retire((latest != null) ? latest.value() : null);
		if (cancelled != null) {
			this.cache.get(this.holder, this.holder::load).whenComplete((slot, ex) -> cancelled.complete(slot));
		}
		return true;
	}

	/**
	 * Follow the client's lifecycle: on {@link CrayonClientEvent.Type#CLOSED} cancel the token
	 * request in flight (its listeners hear that it was cancelled), fail its waiting callers,
	 * drop the token and release any lease held in the store; on
	 * {@link CrayonClientEvent.Type#REMOVED} the same, and the token goes from the store too.
	 * @param event what happened to the client
	 */
	void clientChanged(CrayonClientEvent event) {
		if (event.type() == CrayonClientEvent.Type.CLOSED || event.type() == CrayonClientEvent.Type.REMOVED) {
			TokenSlot.Usable latest = this.holder.latest();
			this.requests.close();
			this.holder.clear();
			if (event.type() == CrayonClientEvent.Type.REMOVED) {
				this.requests.source().retire((latest != null) ? latest.value() : null);
			}
			else {
				this.requests.source().release();
			}
		}
	}

	/**
	 * The token service whose client changes: it holds the newest token and its slot in the cache.
	 */
	interface Holder extends TokenCache.Owner {

		/**
		 * Return the newest token.
		 * @return the token, or {@code null}
		 */
		TokenSlot.@Nullable Usable latest();

		/**
		 * Drop the newest token if it is the given one.
		 * @param token the token to drop
		 * @return {@code true} if it was dropped here
		 */
		boolean dropLatest(CrayonAccessToken token);

		/**
		 * Drop the newest token and the client's slot in the cache.
		 */
		void clear();

	}

}
