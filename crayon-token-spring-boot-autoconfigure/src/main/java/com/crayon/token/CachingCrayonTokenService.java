package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.crayon.token.CrayonTokenException.Reason;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link CrayonTokenService} of one client that keeps its current token in a shared
 * {@link TokenCache} until its expiry minus the margin, refreshes it in the background ahead of
 * that, and shares one token request among all callers that find no usable token.
 *
 * <p>The cache holds one slot for this client: a {@link TokenSlot.Usable} token, expiring when it
 * must no longer be sent, or a {@link TokenSlot.Failed} request, expiring when its backoff window
 * ends. Loads and refreshes share the one request in flight and never complete exceptionally (a
 * failure becomes a {@code Failed} slot, or keeps the current token), so Caffeine never logs
 * them: {@link FailureStreak} logs once per streak instead. Every deadline is a reading of the
 * monotonic {@link Ticker}, so a step of the wall clock changes none of them.
 *
 * <p>The hot path does not go through Caffeine: {@code latest} holds the newest token the
 * endpoint issued, and while it is not yet due for refresh a call costs one volatile read and
 * one ticker read (see {@code benchmarks/README.md}). It is written before any caller can see
 * the token and cleared by {@link #invalidate}, so it never serves a token that was invalidated
 * or is due for refresh: past {@code refreshAt} every call goes through Caffeine.
 */
final class CachingCrayonTokenService implements CrayonTokenService, AutoCloseable {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final String name;

	private final CrayonTokenClient client;

	private final TokenSettings settings;

	private final TokenCache cache;

	private final Ticker ticker;

	private final FailureStreak failures;

	/** How long {@link #getToken()} waits: longer than a token request can take, computed once. */
	private final Duration getTokenBound;

	private final AtomicReference<@Nullable CompletableFuture<TokenSlot>> inFlight = new AtomicReference<>();

	private final AtomicReference<TokenSlot.@Nullable Usable> latest = new AtomicReference<>();

	private final AtomicReference<@Nullable Reauthentication> lastReauthentication = new AtomicReference<>();

	private final Mono<CrayonAccessToken> token = Mono.defer(this::currentToken);

	private volatile @Nullable Disposable request;

	private volatile boolean closed;

	CachingCrayonTokenService(String name, CrayonTokenClient client, TokenSettings settings, TokenCache cache) {
		this.name = name;
		this.client = client;
		this.settings = settings;
		this.cache = cache;
		this.ticker = cache.ticker();
		this.failures = new FailureStreak(settings);
		this.getTokenBound = settings.requestBound().plusSeconds(2);
	}

	/**
	 * Return the client's name.
	 * @return the name, {@code default} for the top-level client
	 */
	String name() {
		return this.name;
	}

	/**
	 * Return how tokens are requested.
	 * @return the token endpoint client
	 */
	CrayonTokenClient client() {
		return this.client;
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
		return (latest != null && latest.isFresh(this.ticker.read())) ? latest : null;
	}

	/**
	 * Return the token from the cache, loading it if there is none and starting a background
	 * refresh if it is due.
	 */
	private Mono<CrayonAccessToken> cachedToken() {
		CompletableFuture<TokenSlot> future = this.cache.get(this);
		TokenSlot slot = future.getNow(null);
		if (slot == null) {
			return Mono.fromFuture(future, true).flatMap(TokenSlot::token);
		}
		long now = this.ticker.read();
		if (now - slot.servedUntilNanos() >= 0) {
			return replaceStale(future);
		}
		if (slot instanceof TokenSlot.Usable usable && usable.claimRefresh(now)) {
			this.cache.refresh(this);
		}
		return slot.token();
	}

	/**
	 * Drop a slot whose time is up but whose expiry Caffeine has not recorded yet (a caller woken
	 * by the completed request can run before Caffeine's own completion handler), then load anew.
	 */
	private Mono<CrayonAccessToken> replaceStale(CompletableFuture<TokenSlot> stale) {
		this.cache.remove(this, stale);
		return Mono.fromFuture(this.cache.get(this), true).flatMap(TokenSlot::token);
	}

	@Override
	public CrayonAccessToken getToken() {
		return getToken(this.getTokenBound);
	}

	/**
	 * Return a valid token, waiting at most the given time for one.
	 * @param bound how long to wait; longer than a token request can take, so that its own
	 * failure arrives first
	 * @return the token
	 */
	CrayonAccessToken getToken(Duration bound) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("getToken() blocks, which is not supported on the non-blocking thread "
					+ Thread.currentThread().getName() + "; use token(), which returns a Mono, there instead");
		}
		TokenSlot.Usable latest = latestBeforeRefresh();
		if (latest != null) {
			return latest.value();
		}
		CrayonAccessToken token = cachedToken().timeout(bound, Mono.error(() -> this.client.failure(Reason.TIMEOUT,
				"no token within " + bound.toMillis() + " ms.", null)))
			.block();
		if (token == null) {
			throw new IllegalStateException("Token service completed without a token");
		}
		return token;
	}

	/**
	 * {@inheritDoc}
	 * <p>Re-authenticates at most once per {@code max-backoff} window: within it, the current
	 * token is kept, so the next call returns the same token and a caller comparing the two
	 * knows not to retry. Callers that report the same rejected token concurrently share the one
	 * re-authentication: each of them drops it, so none is handed the rejected token again.
	 */
	@Override
	public void invalidate(CrayonAccessToken token) {
		if (!isCurrent(token)) {
			return;
		}
		long now = this.ticker.read();
		for (;;) {
			Reauthentication last = this.lastReauthentication.get();
			if (last != null && now - last.atNanos() < this.settings.maxBackoff().toNanos()) {
				if (last.rejected().equals(token)) {
					drop(token);
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("Keeping " + token + ": a new token was requested after a rejection "
							+ Duration.ofNanos(now - last.atNanos()).toMillis()
							+ " ms ago, and re-authentication happens at most once per "
							+ this.settings.maxBackoff().toMillis() + " ms (crayon.api.token.retry.max-backoff)");
				}
				return;
			}
			if (this.lastReauthentication.compareAndSet(last, new Reauthentication(token, now))) {
				drop(token);
				return;
			}
		}
	}

	private boolean isCurrent(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.latest.get();
		if (latest != null && latest.value().equals(token)) {
			return true;
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this);
		return slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token);
	}

	private void drop(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.latest.get();
		if (latest != null && latest.value().equals(token)) {
			this.latest.compareAndSet(latest, null);
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this);
		if (slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token)
				&& this.cache.remove(this, slot) && logger.isDebugEnabled()) {
			logger.debug("Invalidated " + token + "; the next caller fetches a new token");
		}
	}

	/**
	 * Load this client's slot: the token request in flight, or a new one.
	 * @return the outcome of the request, never completed exceptionally
	 */
	CompletableFuture<TokenSlot> load() {
		return request();
	}

	/**
	 * Refresh a usable token; if the request fails, keep serving it and try again after the
	 * backoff.
	 * @param oldSlot the slot being refreshed
	 * @return the outcome, never completed exceptionally
	 */
	CompletableFuture<TokenSlot> reload(TokenSlot oldSlot) {
		if (!(oldSlot instanceof TokenSlot.Usable current)) {
			return request();
		}
		logger.debug("Refreshing the Crayon API token in the background");
		return request().thenApply((slot) -> (slot instanceof TokenSlot.Failed failed)
				? current.refreshAt(failed.servedUntilNanos()) : slot);
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
				start(started);
				return started;
			}
		}
	}

	/**
	 * Send the token request and complete {@code started} on whichever terminal signal comes
	 * first: a token, an error, completion without a token, the bound of the whole request
	 * passing without a signal (an error thrown on another thread), or {@link #close()}.
	 */
	private void start(CompletableFuture<TokenSlot> started) {
		if (this.closed) {
			finish(started, this::closedSlot);
			return;
		}
		Duration bound = this.settings.requestBound().plusSeconds(1);
		try {
			this.request = this.client.requestToken()
				.timeout(bound, Mono.error(() -> this.client.failure(Reason.TIMEOUT,
						"the request gave no signal within " + bound.toMillis() + " ms.", null)))
				.subscribe((fetched) -> finish(started, () -> usable(fetched)),
						(ex) -> finish(started, () -> failed(ex)),
						() -> finish(started, () -> failed(this.client.failure(Reason.UNREACHABLE,
								"the request completed without a token.", null))));
		}
		catch (Throwable ex) {
			// thrown, not signalled: Reactor rethrows errors it deems fatal, such as a LinkageError
			finish(started, () -> failed(ex));
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
		}
	}

	/**
	 * Complete a request with the slot the supplier makes, unless it has completed already.
	 */
	private void finish(CompletableFuture<TokenSlot> started, Supplier<TokenSlot> outcome) {
		if (started.isDone()) {
			return;
		}
		TokenSlot slot = outcome.get();
		if (slot instanceof TokenSlot.Usable usable) {
			this.latest.set(usable);
		}
		this.inFlight.compareAndSet(started, null);
		started.complete(slot);
	}

	private TokenSlot usable(CrayonTokenClient.Fetched fetched) {
		CrayonAccessToken token = fetched.token();
		long lifetime = token.lifetime().toNanos();
		long margin = Math.min(this.settings.expiryMargin().toNanos(), lifetime / 4);
		long servedUntil = fetched.requestedAtNanos() + lifetime - margin;
		long refreshAt = fetched.requestedAtNanos()
				+ Math.max(lifetime / 2, lifetime - this.settings.refreshBeforeExpiry().toNanos());
		long now = this.ticker.read();
		if (now - servedUntil >= 0) {
			return failed(this.client.failure(Reason.TIMEOUT, "the token arrived "
					+ Duration.ofNanos(now - fetched.requestedAtNanos()).toMillis() + " ms after the request, past "
					+ "its usable life of " + Duration.ofNanos(lifetime - margin).toMillis() + " ms (ExpiresIn "
					+ token.lifetime().toSeconds() + " s minus the expiry margin), so it was not used.", null));
		}
		this.failures.succeeded();
		if (logger.isDebugEnabled()) {
			logger.debug("Obtained " + token + "; serving it for " + Duration.ofNanos(servedUntil - now).toMillis()
					+ " ms, refreshing it in the background after " + Duration.ofNanos(refreshAt - now).toMillis()
					+ " ms");
		}
		return new TokenSlot.Usable(token, servedUntil, refreshAt);
	}

	private TokenSlot failed(Throwable ex) {
		CrayonTokenException failure = (ex instanceof CrayonTokenException tokenFailure) ? tokenFailure
				: this.client.failure(Reason.UNREACHABLE, "unexpected " + ex + ".", ex);
		return new TokenSlot.Failed(failure, this.ticker.read() + this.failures.failed(failure).toNanos());
	}

	private TokenSlot closedSlot() {
		return new TokenSlot.Failed(new CrayonTokenException("The Crayon API token service of client '" + this.name
				+ "' is closed.", Reason.UNREACHABLE, null, null, null), this.ticker.read());
	}

	/**
	 * Stop: cancel the token request in flight, fail its waiting callers, and drop the token.
	 */
	@Override
	public void close() {
		this.closed = true;
		Disposable request = this.request;
		if (request != null) {
			request.dispose();
		}
		CompletableFuture<TokenSlot> inFlight = this.inFlight.get();
		if (inFlight != null) {
			finish(inFlight, this::closedSlot);
		}
		this.latest.set(null);
		this.cache.invalidate(this);
	}

	@Override
	public String toString() {
		return "CachingCrayonTokenService[" + this.name + ", " + this.client + "]";
	}

	/**
	 * The last re-authentication: the token that was rejected, and when, on the ticker.
	 */
	private record Reauthentication(CrayonAccessToken rejected, long atNanos) {

	}

}
