package com.crayon.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.crayon.token.CrayonTokenException.Reason;
import com.crayon.token.CrayonTokenListener.Trigger;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The {@link CrayonTokenService} of one client: keeps its current token in the shared
 * {@link TokenCache} until its expiry minus the margin, refreshes it in the background ahead of
 * that, and shares one token request among all callers that find no usable token.
 *
 * <p>The cache holds one slot for this client: a {@link TokenSlot.Usable} token, expiring when it
 * must no longer be sent, or a {@link TokenSlot.Failed} request, expiring when its backoff window
 * ends. Loads and refreshes share the one {@link TokenRequest} in flight and never complete
 * exceptionally (a failure becomes a {@code Failed} slot, or keeps the current token), so Caffeine
 * never logs them: {@link FailureStreak} logs once per streak instead. Every deadline is a reading
 * of the monotonic {@link Ticker}, so a step of the wall clock changes none of them. New tokens
 * come from the client's {@link TokenSource}.
 *
 * <p>The hot path does not go through Caffeine: {@code latest} holds the newest token the
 * endpoint issued, and while it is not yet due for refresh a call costs one volatile read and
 * one ticker read (see {@code benchmarks/README.md}). It is written before any caller can see
 * the token and cleared by {@link #invalidate}, so it never serves a token that was invalidated
 * or is due for refresh: past {@code refreshAt} every call goes through Caffeine.
 */
final class ClientTokenService implements CrayonTokenService, ClientChanges.Holder {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private static final VarHandle LATEST;

	static {
		try {
			LATEST = MethodHandles.lookup().findVarHandle(ClientTokenService.class, "latest", TokenSlot.Usable.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final TokenCache cache;

	private final Ticker ticker;

	private final TokenRequests requests;

	private final ClientChanges changes;

	/** Idle timeout of the cache, copied here for the hot path; {@code 0} for none. */
	private final long idleNanos;

	private final Mono<CrayonAccessToken> token = Mono.deferContextual(this::currentToken);

	/** When the hot path last touched the cache; written at most twice per idle timeout. */
	private long touchedNanos;

	/** The newest token the endpoint issued, for the hot path. */
	private volatile TokenSlot.@Nullable Usable latest;

	ClientTokenService(String name, boolean configured, TokenSource source, TokenCache cache, Clock clock,
			CrayonTokenListener listener) {
		this.name = name;
		this.cache = cache;
		this.ticker = cache.ticker();
		this.requests = new TokenRequests(name, configured, source, clock, this.ticker, listener,
				this::issued);
		this.changes = new ClientChanges(name, configured, this, this.requests, new ReauthenticationWindow(), cache,
				listener);
		this.idleNanos = cache.idleNanos();
		this.touchedNanos = this.ticker.read();
	}

	@Override
	public Mono<CrayonAccessToken> token() {
		return this.token;
	}

	private Mono<CrayonAccessToken> currentToken(ContextView caller) {
		TokenSlot.Usable latest = latestBeforeRefresh();
		return (latest != null) ? latest.token() : cachedToken(caller);
	}

	/**
	 * Return the newest token if it is not yet due for a refresh, without touching the cache.
	 */
	private TokenSlot.@Nullable Usable latestBeforeRefresh() {
		TokenSlot.Usable latest = this.latest;
		if (latest == null) {
			return null;
		}
		long now = this.ticker.read();
		if (this.idleNanos > 0 && now - this.touchedNanos > this.idleNanos / 2) {
			this.touchedNanos = now;
			this.cache.touch(this);
		}
		return latest.isFresh(now) ? latest : null;
	}

	/**
	 * Forget the newest token when the cache evicted its slot (it expired, or sat idle).
	 * @param slot the evicted slot
	 */
	@Override
	public void evicted(TokenSlot slot) {
		TokenSlot.Usable latest = this.latest;
		if (slot instanceof TokenSlot.Usable usable && latest != null && latest.value().equals(usable.value())) {
			LATEST.compareAndSet(this, latest, null);
		}
	}

	/**
	 * Return the token from the cache, loading it if there is none and starting a background
	 * refresh if it is due.
	 */
	private Mono<CrayonAccessToken> cachedToken(ContextView caller) {
		CompletableFuture<TokenSlot> future = this.cache.get(this, () -> request(Trigger.LOAD, caller));
		TokenSlot slot = future.getNow(null);
		if (slot == null) {
			return Mono.fromFuture(future, true).flatMap(TokenSlot::token);
		}
		long now = this.ticker.read();
		if (now - slot.servedUntilNanos() >= 0) {
			// time is up, but Caffeine has not recorded it yet (its completion handler runs after the callers)
			TokenSlot.Usable latest = this.latest;
			if (latest != null && latest != slot && now - latest.servedUntilNanos() < 0) {
				// a refresh has just obtained its successor, which Caffeine has not stored yet either
				return latest.token();
			}
			this.cache.remove(this, future);
			return Mono.fromFuture(this.cache.get(this, () -> request(Trigger.LOAD, caller)), true)
				.flatMap(TokenSlot::token);
		}
		if (slot instanceof TokenSlot.Usable usable && usable.claimRefresh(now)) {
			this.cache.refresh(this);
		}
		return slot.token();
	}

	@Override
	public CrayonAccessToken getToken() {
		requireBlockingAllowed();
		TokenSlot.Usable latest = latestBeforeRefresh();
		// longer than a request can take, so that its own failure comes first
		return (latest != null) ? latest.value() : awaitToken(settings().requestBound().plusSeconds(2));
	}

	private static void requireBlockingAllowed() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("getToken() blocks, which is not supported on the non-blocking thread "
					+ Thread.currentThread().getName() + "; use token(), which returns a Mono, there instead");
		}
	}

	/**
	 * Return a valid token, waiting at most the given time for one.
	 * @param bound how long to wait
	 * @return the token
	 */
	CrayonAccessToken awaitToken(Duration bound) {
		requireBlockingAllowed();
		CrayonAccessToken token = cachedToken(Context.empty()).timeout(bound, Mono.error(() -> this.requests
			.source()
			.failure(Reason.TIMEOUT, "no token within " + bound.toMillis() + " ms.")))
			.block();
		if (token == null) {
			throw new IllegalStateException("Token service completed without a token");
		}
		return token;
	}

	/**
	 * {@inheritDoc}
	 * <p>Re-authenticates at most once per {@code max-backoff} window (see
	 * {@link ReauthenticationWindow}): within it, the current token is kept, so the next call
	 * returns the same token and a caller comparing the two knows not to retry.
	 */
	@Override
	public void invalidate(CrayonAccessToken token) {
		this.changes.rejected(token);
	}

	@Override
	public CrayonTokenStatus status() {
		return this.requests.status(this.latest, this.ticker.read());
	}

	/**
	 * Load this client's slot: the token request in flight, or a new one.
	 * @return the outcome of the request, never completed exceptionally
	 */
	@Override
	public CompletableFuture<TokenSlot> load() {
		return request(Trigger.LOAD, Context.empty());
	}

	/**
	 * Refresh a usable token; if the request fails, keep serving it and try again after the
	 * backoff.
	 * @param oldSlot the slot being refreshed
	 * @return the outcome, never completed exceptionally
	 */
	@Override
	public CompletableFuture<TokenSlot> reload(TokenSlot oldSlot) {
		if (!(oldSlot instanceof TokenSlot.Usable current)) {
			return load();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Refreshing the Crayon API token of client '" + this.name + "' in the background");
		}
		return request(Trigger.REFRESH, Context.empty()).thenApply((slot) -> (slot instanceof TokenSlot.Failed failed)
				? current.refreshAt(failed.servedUntilNanos()) : slot);
	}

	private CompletableFuture<TokenSlot> request(Trigger trigger, ContextView caller) {
		TokenSlot.Usable latest = this.latest;
		return this.requests.request(trigger, caller, (latest != null) ? latest.value() : null);
	}

	/**
	 * Take a token a request obtained as the newest, before any caller sees it.
	 */
	private void issued(TokenSlot.Usable usable, TokenSource source) {
		this.latest = usable;
		if (this.requests.closed() || !this.requests.source().issuesLike(source)) {
			// closed or given new credentials meanwhile: the token may have been cleared before it was written here
			LATEST.compareAndSet(this, usable, null);
		}
	}

	/**
	 * Take new settings and credentials (see {@link ClientChanges#reconfigure}).
	 * @param source where tokens come from now, with the new settings and credentials
	 * @return {@code true} if the credentials or the token endpoint changed
	 */
	boolean reconfigure(TokenSource source) {
		return this.changes.reconfigure(source);
	}

	/**
	 * Return the client's settings.
	 * @return the settings
	 */
	CrayonClientSettings settings() {
		return this.requests.source().settings();
	}

	/**
	 * Return the client's credentials.
	 * @return the credentials
	 */
	CrayonCredentials credentials() {
		return this.requests.source().credentials();
	}

	/**
	 * Follow the client's lifecycle (see {@link ClientChanges#clientChanged}).
	 * @param event what happened to the client
	 */
	void clientChanged(CrayonClientEvent event) {
		this.changes.clientChanged(event);
	}

	@Override
	public TokenSlot.@Nullable Usable latest() {
		return this.latest;
	}

	@Override
	public boolean dropLatest(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.latest;
		return latest != null && latest.value().equals(token) && LATEST.compareAndSet(this, latest, null);
	}

	@Override
	public void clear() {
		this.latest = null;
		this.cache.invalidate(this);
	}

	@Override
	public String toString() {
		return "ClientTokenService[" + this.name + ", " + this.requests.source() + "]";
	}

}
