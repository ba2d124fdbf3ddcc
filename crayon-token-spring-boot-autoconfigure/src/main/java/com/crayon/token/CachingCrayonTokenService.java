package com.crayon.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.crayon.token.CrayonTokenException.Reason;
import com.crayon.token.CrayonTokenListener.Trigger;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

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

	private final boolean registeredAtRuntime;

	private final CrayonTokenClient client;

	private final TokenSettings settings;

	private final TokenCache cache;

	private final Clock clock;

	private final Ticker ticker;

	private final CrayonTokenListener listener;

	private final FailureStreak failures;

	/** Where tokens are shared with other instances; {@code null} for none. */
	private final CrayonTokenStore.@Nullable Binding store;

	/** The last token rejected here, never to be taken from the store again. */
	private volatile @Nullable CrayonAccessToken rejected;

	/** Idle timeout of the cache, copied here for the hot path; {@code 0} for none. */
	private final long idleNanos;

	/** When the hot path last touched the cache; written at most twice per idle timeout. */
	private long touchedNanos;


	private static final VarHandle IN_FLIGHT;

	private static final VarHandle LATEST;

	private static final VarHandle LAST_REAUTHENTICATION;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			IN_FLIGHT = lookup.findVarHandle(CachingCrayonTokenService.class, "inFlight", Request.class);
			LATEST = lookup.findVarHandle(CachingCrayonTokenService.class, "latest", TokenSlot.Usable.class);
			LAST_REAUTHENTICATION = lookup.findVarHandle(CachingCrayonTokenService.class, "lastReauthentication",
					Reauthentication.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The token request in flight; a field with a VarHandle rather than an AtomicReference, to save a hop and 16 bytes per client. */
	private volatile @Nullable Request inFlight;

	/** The newest token the endpoint issued, for the hot path. */
	private volatile TokenSlot.@Nullable Usable latest;

	/** The last re-authentication: which token was rejected, and when; read and set through a VarHandle. */
	private volatile @Nullable Reauthentication lastReauthentication;

	private final Mono<CrayonAccessToken> token = Mono.deferContextual(this::currentToken);

	private volatile boolean requested;

	private volatile boolean reauthenticating;

	private volatile @Nullable LastFailure lastFailure;

	private volatile boolean closed;

	CachingCrayonTokenService(String name, CrayonTokenClient client, TokenSettings settings, TokenCache cache,
			Clock clock, CrayonTokenListener listener, boolean registeredAtRuntime) {
		this(name, client, settings, cache, clock, listener, registeredAtRuntime, LocalTokenStore.INSTANCE);
	}

	CachingCrayonTokenService(String name, CrayonTokenClient client, TokenSettings settings, TokenCache cache,
			Clock clock, CrayonTokenListener listener, boolean registeredAtRuntime, CrayonTokenStore.Binding store) {
		this.name = name;
		this.registeredAtRuntime = registeredAtRuntime;
		this.client = client;
		this.settings = settings;
		this.cache = cache;
		this.clock = clock;
		this.ticker = cache.ticker();
		this.listener = listener;
		this.failures = new FailureStreak(settings, name);
		this.idleNanos = cache.idleNanos();
		this.touchedNanos = this.ticker.read();
		this.store = (store instanceof LocalTokenStore) ? null : store;
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
	void evicted(TokenSlot slot) {
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
			return replaceStale(future, caller);
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
	private Mono<CrayonAccessToken> replaceStale(CompletableFuture<TokenSlot> stale, ContextView caller) {
		this.cache.remove(this, stale);
		return Mono.fromFuture(this.cache.get(this, () -> request(Trigger.LOAD, caller)), true)
			.flatMap(TokenSlot::token);
	}

	@Override
	public CrayonAccessToken getToken() {
		requireBlockingAllowed();
		TokenSlot.Usable latest = latestBeforeRefresh();
		return (latest != null) ? latest.value() : awaitToken(this.settings.blockBound());
	}

	/**
	 * Return a valid token, waiting at most the given time for one.
	 * @param bound how long to wait
	 * @return the token
	 */
	CrayonAccessToken getToken(Duration bound) {
		requireBlockingAllowed();
		return awaitToken(bound);
	}

	private static void requireBlockingAllowed() {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("getToken() blocks, which is not supported on the non-blocking thread "
					+ Thread.currentThread().getName() + "; use token(), which returns a Mono, there instead");
		}
	}

	private CrayonAccessToken awaitToken(Duration bound) {
		CrayonAccessToken token = cachedToken(Context.empty()).timeout(bound, Mono.error(() -> this.client
			.failure(Reason.TIMEOUT, "no token within " + bound.toMillis() + " ms.", null)))
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
			Reauthentication last = this.lastReauthentication;
			if (last != null && now - last.atNanos() < this.settings.maxBackoff().toNanos()) {
				if (last.rejected().equals(token)) {
					// another caller rejected the same token at the same time: all share its replacement
					drop(token);
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("Keeping " + token + " of Crayon client '" + this.name + "': a new token was requested after a rejection "
							+ Duration.ofNanos(now - last.atNanos()).toMillis()
							+ " ms ago, and re-authentication happens at most once per "
							+ this.settings.maxBackoff().toMillis() + " ms (crayon.api.token.retry.max-backoff)");
				}
				return;
			}
			if (LAST_REAUTHENTICATION.compareAndSet(this, last, new Reauthentication(token, now))) {
				drop(token);
				return;
			}
		}
	}

	private boolean isCurrent(CrayonAccessToken token) {
		TokenSlot.Usable latest = this.latest;
		if (latest != null && latest.value().equals(token)) {
			return true;
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this);
		return slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token);
	}

	private void drop(CrayonAccessToken token) {
		boolean dropped = false;
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			this.rejected = token;
			store.evict(token)
				.subscribe(null, (ex) -> logger.debug("Token store failed to evict a token of Crayon client '"
						+ this.name + "'", ex));
		}
		TokenSlot.Usable latest = this.latest;
		if (latest != null && latest.value().equals(token)) {
			dropped = LATEST.compareAndSet(this, latest, null);
		}
		CompletableFuture<TokenSlot> slot = this.cache.getIfPresent(this);
		if (slot != null && slot.getNow(null) instanceof TokenSlot.Usable usable && usable.value().equals(token)
				&& this.cache.remove(this, slot)) {
			dropped = true;
			if (logger.isDebugEnabled()) {
				logger.debug("Invalidated " + token + " of Crayon client '" + this.name + "'; the next caller fetches a new token");
			}
		}
		if (dropped) {
			this.reauthenticating = true;
			CompositeCrayonTokenListener.safely(() -> this.listener.tokenInvalidated(this.name, this.registeredAtRuntime));
		}
	}

	@Override
	public CrayonTokenStatus status() {
		long now = this.ticker.read();
		TokenSlot.Usable latest = this.latest;
		LastFailure failure = this.lastFailure;
		CrayonTokenException lastFailure = (failure != null) ? failure.exception() : null;
		Instant failingSince = (failure != null) ? failure.since() : null;
		if (latest != null && now - latest.servedUntilNanos() < 0) {
			return new CrayonTokenStatus(CrayonTokenStatus.State.USABLE,
					Duration.ofNanos(latest.expiresAtNanos() - now), lastFailure, failingSince);
		}
		if (failure != null) {
			return new CrayonTokenStatus(CrayonTokenStatus.State.FAILING, null, lastFailure, failingSince);
		}
		return this.requested ? new CrayonTokenStatus(CrayonTokenStatus.State.NONE, null, null, null)
				: CrayonTokenStatus.NOT_REQUESTED;
	}

	/**
	 * Load this client's slot: the token request in flight, or a new one.
	 * @return the outcome of the request, never completed exceptionally
	 */
	CompletableFuture<TokenSlot> load() {
		return request(Trigger.LOAD, Context.empty());
	}

	/**
	 * Refresh a usable token; if the request fails, keep serving it and try again after the
	 * backoff.
	 * @param oldSlot the slot being refreshed
	 * @return the outcome, never completed exceptionally
	 */
	CompletableFuture<TokenSlot> reload(TokenSlot oldSlot) {
		if (!(oldSlot instanceof TokenSlot.Usable current)) {
			return request(Trigger.LOAD, Context.empty());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Refreshing the Crayon API token of client '" + this.name + "' in the background");
		}
		return request(Trigger.REFRESH, Context.empty()).thenApply((slot) -> (slot instanceof TokenSlot.Failed failed)
				? current.refreshAt(failed.servedUntilNanos()) : slot);
	}

	/**
	 * Return the token request in flight, or start one. Loads and background refreshes share it,
	 * so there is never more than one token request at a time.
	 * @return the outcome of the request, never completed exceptionally
	 */
	private CompletableFuture<TokenSlot> request(Trigger trigger, ContextView caller) {
		for (;;) {
			Request inFlight = this.inFlight;
			if (inFlight != null) {
				return inFlight;
			}
			Request started = new Request();
			if (IN_FLIGHT.compareAndSet(this, null, started)) {
				start(started, (trigger == Trigger.LOAD && this.reauthenticating) ? Trigger.REAUTH : trigger, caller);
				return started;
			}
		}
	}

	/**
	 * Send the token request and complete {@code started} on whichever terminal signal comes
	 * first: a token, an error, completion without a token, the bound of the whole request
	 * passing without a signal (an error thrown on another thread), or {@link #close()}.
	 */
	private void start(Request started, Trigger trigger, ContextView caller) {
		if (this.closed) {
			finish(started, this::closedSlot);
			return;
		}
		this.requested = true;
		this.reauthenticating = false;
		if (!started.listen(() -> started(trigger, caller))) {
			return;
		}
		// with a store, a request may wait for other instances' leases (each bounded by a request) first
		// with a store, a request may also wait for other instances' leases; with a cap, for a free slot
		int rounds = ((this.store != null) ? 3 : 1) + ((this.cache.limiter() != TokenRequestLimiter.UNLIMITED) ? 1 : 0);
		Duration bound = this.settings.requestBound().multipliedBy(rounds).plusSeconds(1);
		try {
			started.subscription = fetch(trigger != Trigger.REFRESH)
				.timeout(bound, Mono.error(() -> this.client.failure(Reason.TIMEOUT,
						"the request gave no signal within " + bound.toMillis() + " ms.", null)))
				.subscribe((fetched) -> finish(started, () -> usable(fetched), fetched.source()),
						(ex) -> finish(started, () -> failed(ex)),
						() -> finish(started, () -> failed(this.client.failure(Reason.UNREACHABLE,
								"the request completed without a token.", null))));
			if (this.closed) {
				// closed while the request was being sent: close() may have missed its subscription
				started.cancel(this::closedSlot);
			}
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
	private void finish(Request started, Supplier<TokenSlot> outcome) {
		finish(started, outcome, CrayonTokenListener.Source.ENDPOINT);
	}

	private void finish(Request started, Supplier<TokenSlot> outcome, CrayonTokenListener.Source source) {
		if (!started.claim()) {
			return;
		}
		TokenSlot slot = outcome.get();
		CrayonTokenListener.Completion completion = started.completion();
		if (slot instanceof TokenSlot.Usable usable) {
			this.latest = usable;
			if (this.closed) {
				// closed meanwhile: close() may have cleared the token before it was written here
				LATEST.compareAndSet(this, usable, null);
			}
			CompositeCrayonTokenListener.safely(() -> completion.succeeded(usable.value(), source));
		}
		else if (slot instanceof TokenSlot.Failed failed) {
			CompositeCrayonTokenListener.safely(() -> completion.failed(failed.failure()));
		}
		IN_FLIGHT.compareAndSet(this, started, null);
		started.complete(slot);
	}

	/**
	 * Return the token request: straight to the token endpoint, or through the shared store,
	 * which may answer with a token another instance requested.
	 */
	private Mono<CrayonTokenClient.Fetched> fetch(boolean awaited) {
		Mono<CrayonTokenClient.Fetched> endpoint = limited(this.client.requestToken(), awaited);
		CrayonTokenStore.Binding store = this.store;
		if (store == null) {
			return endpoint;
		}
		TokenSlot.Usable latest = this.latest;
		CrayonAccessToken current = (latest != null) ? latest.value() : this.rejected;
		return Mono.defer(() -> {
			AtomicReference<CrayonTokenClient.@Nullable Fetched> own = new AtomicReference<>();
			Mono<CrayonAccessToken> request = endpoint
				.doOnNext(own::set)
				.map(CrayonTokenClient.Fetched::token);
			return store.obtain(current, request).map((token) -> {
				CrayonTokenClient.Fetched fetched = own.get();
				return (fetched != null && fetched.token() == token) ? fetched : shared(token);
			});
		});
	}

	/**
	 * Return the request to the token endpoint, sent once one of the token requests the clients
	 * share may run (a caller's before a background refresh).
	 */
	private Mono<CrayonTokenClient.Fetched> limited(Mono<CrayonTokenClient.Fetched> request, boolean awaited) {
		TokenRequestLimiter limiter = this.cache.limiter();
		Duration bound = this.settings.requestBound();
		return limiter.limit(request, awaited, bound, () -> this.client.failure(Reason.TIMEOUT,
				"all " + limiter.limit() + " token requests the clients may send at once were busy for "
						+ bound.toMillis() + " ms (crayon.api.token.max-concurrent-requests).",
				null));
	}

	/**
	 * Return a token another instance requested, its request moment read from the wall clock
	 * and turned into a ticker reading.
	 */
	private CrayonTokenClient.Fetched shared(CrayonAccessToken token) {
		long age = Duration.between(token.issuedAt(), this.clock.instant()).toNanos();
		if (logger.isDebugEnabled()) {
			logger.debug("Took " + token + " of Crayon client '" + this.name + "' from the shared token store");
		}
		return new CrayonTokenClient.Fetched(token, this.ticker.read() - age, CrayonTokenListener.Source.STORE);
	}

	private CrayonTokenListener.Completion started(Trigger trigger, ContextView caller) {
		try {
			return this.listener.requestStarted(new CrayonTokenListener.Request(this.name, this.registeredAtRuntime, trigger, caller));
		}
		catch (RuntimeException ex) {
			logger.debug("Token listener failed", ex);
			return CrayonTokenListener.Completion.NONE;
		}
	}

	private TokenSlot usable(CrayonTokenClient.Fetched fetched) {
		CrayonAccessToken token = fetched.token();
		long lifetime = token.lifetime().toNanos();
		long margin = Math.min(this.settings.expiryMargin().toNanos(), lifetime / 4);
		long servedUntil = fetched.requestedAtNanos() + lifetime - margin;
		long refreshAt = this.settings.refreshAt(fetched.requestedAtNanos(), lifetime, lifetime - margin);
		long now = this.ticker.read();
		if (now - servedUntil >= 0) {
			return failed(this.client.failure(Reason.TIMEOUT, "the token arrived "
					+ Duration.ofNanos(now - fetched.requestedAtNanos()).toMillis() + " ms after the request, past "
					+ "its usable life of " + Duration.ofNanos(lifetime - margin).toMillis() + " ms (ExpiresIn "
					+ token.lifetime().toSeconds() + " s minus the expiry margin), so it was not used.", null));
		}
		this.failures.succeeded();
		this.lastFailure = null;
		if (logger.isDebugEnabled()) {
			logger.debug("Obtained " + token + " for Crayon client '" + this.name + "'; serving it for " + Duration.ofNanos(servedUntil - now).toMillis()
					+ " ms, refreshing it in the background after " + Duration.ofNanos(refreshAt - now).toMillis()
					+ " ms");
		}
		return new TokenSlot.Usable(token, fetched.requestedAtNanos() + lifetime, servedUntil, refreshAt);
	}

	private TokenSlot failed(Throwable ex) {
		CrayonTokenException failure = (ex instanceof CrayonTokenException tokenFailure) ? tokenFailure
				: this.client.failure(Reason.UNREACHABLE, "unexpected " + ex + ".", ex);
		LastFailure previous = this.lastFailure;
		this.lastFailure = new LastFailure(failure, (previous != null) ? previous.since() : this.clock.instant());
		return new TokenSlot.Failed(failure, this.ticker.read() + this.failures.failed(failure).toNanos());
	}

	private TokenSlot closedSlot() {
		return new TokenSlot.Failed(new CrayonTokenException("The Crayon API token service of client '" + this.name
				+ "' is closed.", Reason.UNREACHABLE, null, null, null), this.ticker.read());
	}

	/**
	 * Stop: cancel the token request in flight (its listeners hear that it was cancelled), fail
	 * its waiting callers, drop the token and release any lease held in the store.
	 */
	@Override
	public void close() {
		stop();
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			quietly(store.release(), "release its lease");
		}
	}

	/**
	 * Stop for good, the client being removed or its credentials replaced: as {@link #close()},
	 * and the token goes from the shared store too.
	 */
	void retire() {
		TokenSlot.Usable latest = this.latest;
		stop();
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			quietly(store.retire((latest != null) ? latest.value() : this.rejected), "remove the client's token");
		}
	}

	private void stop() {
		this.closed = true;
		Request inFlight = this.inFlight;
		if (inFlight != null) {
			inFlight.cancel(this::closedSlot);
		}
		this.latest = null;
		this.cache.invalidate(this);
	}

	private void quietly(Mono<Void> storeCall, String what) {
		storeCall.subscribe(null,
				(ex) -> logger.debug("Token store failed to " + what + " for Crayon client '" + this.name + "'", ex));
	}

	@Override
	public String toString() {
		return "CachingCrayonTokenService[" + this.name + ", " + this.client + "]";
	}

	/**
	 * A token request in flight: its outcome, who hears how it ends, and its subscription; it
	 * completes once, whichever of the request's signals and {@link #close()} comes first.
	 */
	private final class Request extends CompletableFuture<TokenSlot> {

		private final AtomicBoolean claimed = new AtomicBoolean();

		/** Who hears how the request ends; written and read under this request's lock. */
		private CrayonTokenListener.Completion completion = CrayonTokenListener.Completion.NONE;

		private volatile @Nullable Disposable subscription;

		/**
		 * Tell the listeners that the request starts, unless it was cancelled already.
		 * @return {@code false} if it was cancelled
		 */
		synchronized boolean listen(Supplier<CrayonTokenListener.Completion> started) {
			if (this.claimed.get()) {
				return false;
			}
			this.completion = started.get();
			return true;
		}

		/**
		 * Return whether the caller is the one to complete this request.
		 */
		boolean claim() {
			return !this.claimed.get() && this.claimed.compareAndSet(false, true);
		}

		synchronized CrayonTokenListener.Completion completion() {
			return this.completion;
		}

		/**
		 * Cancel the request: its subscription is disposed, its listeners hear it was cancelled,
		 * and its waiting callers get the given slot.
		 */
		void cancel(Supplier<TokenSlot> slot) {
			Disposable subscription = this.subscription;
			if (subscription != null) {
				subscription.dispose();
			}
			if (claim()) {
				CompositeCrayonTokenListener.safely(completion()::cancelled);
				IN_FLIGHT.compareAndSet(CachingCrayonTokenService.this, this, null);
				complete(slot.get());
			}
		}

	}

	/**
	 * A re-authentication: the token the API rejected, and when it was replaced.
	 */
	private record Reauthentication(CrayonAccessToken rejected, long atNanos) {

	}

	/**
	 * The last failed request of a streak, and when the streak began.
	 */
	private record LastFailure(CrayonTokenException exception, Instant since) {

	}

}
