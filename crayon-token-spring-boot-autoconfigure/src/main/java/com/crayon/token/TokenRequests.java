package com.crayon.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import com.crayon.token.CrayonTokenException.Reason;
import com.crayon.token.CrayonTokenListener.Trigger;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The token requests of one client, one at a time: starts a request or joins the one in flight,
 * tells the listeners, completes it once with the slot it earned (a usable token with its
 * deadlines, or a failure with its backoff) and remembers the last failure for the status.
 * Cancelling fails the waiting callers at once.
 */
final class TokenRequests {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private static final VarHandle IN_FLIGHT;

	static {
		try {
			IN_FLIGHT = MethodHandles.lookup().findVarHandle(TokenRequests.class, "inFlight", TokenRequest.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String name;

	private final boolean configured;

	private final Clock clock;

	private final Ticker ticker;

	private final CrayonTokenListener listener;

	/** Hears of each token a request obtained, and its source, before any caller sees it. */
	private final BiConsumer<TokenSlot.Usable, TokenSource> issued;

	/** Where new tokens come from: the credentials, the endpoint and the store. */
	private volatile TokenSource source;

	/** The token request in flight; a field with a VarHandle, to save a hop and 16 bytes per client. */
	private volatile @Nullable TokenRequest inFlight;

	private volatile boolean requested;

	private volatile boolean reauthenticating;

	private volatile @Nullable LastFailure lastFailure;

	private volatile boolean closed;

	TokenRequests(String name, boolean configured, TokenSource source, Clock clock,
			Ticker ticker, CrayonTokenListener listener, BiConsumer<TokenSlot.Usable, TokenSource> issued) {
		this.name = name;
		this.configured = configured;
		this.source = source;
		this.clock = clock;
		this.ticker = ticker;
		this.listener = listener;
		this.issued = issued;
	}

	/**
	 * Return where new tokens come from now.
	 * @return the source
	 */
	TokenSource source() {
		return this.source;
	}

	/**
	 * Return the token request in flight, or start one. Loads and background refreshes share it,
	 * so there is never more than one token request at a time.
	 * @param trigger why the token is requested
	 * @param caller the context of the caller who waits for it
	 * @param current the token held now, if any
	 * @return the outcome of the request, never completed exceptionally
	 */
	CompletableFuture<TokenSlot> request(Trigger trigger, ContextView caller, @Nullable CrayonAccessToken current) {
		for (;;) {
			TokenRequest inFlight = this.inFlight;
			if (inFlight != null) {
				return inFlight;
			}
			TokenRequest started = new TokenRequest(this.source);
			if (IN_FLIGHT.compareAndSet(this, null, started)) {
				start(started, (trigger == Trigger.LOAD && this.reauthenticating) ? Trigger.REAUTH : trigger, caller,
						current);
				return started;
			}
		}
	}

	/**
	 * Mark the next load a re-authentication: the API rejected the token it replaces.
	 */
	void reauthenticating() {
		this.reauthenticating = true;
	}

	/**
	 * Send the token request and complete {@code started} on whichever terminal signal comes
	 * first: a token, an error, completion without a token, the bound of the whole request
	 * passing without a signal (an error thrown on another thread), or a cancellation.
	 */
	private void start(TokenRequest started, Trigger trigger, ContextView caller,
			@Nullable CrayonAccessToken current) {
		if (this.closed) {
			finish(started, this::closedSlot, CrayonTokenListener.Source.ENDPOINT);
			return;
		}
		this.requested = true;
		this.reauthenticating = false;
		if (!started.listen(() -> started(trigger, caller))) {
			return;
		}
		TokenSource source = started.source();
		Duration bound = source.bound();
		try {
			started.sending(source.fetch(trigger != Trigger.REFRESH, current)
				.timeout(bound, Mono.error(() -> source.failure(Reason.TIMEOUT,
						"the request gave no signal within " + bound.toMillis() + " ms.")))
				.subscribe((fetched) -> finish(started, () -> usable(fetched, source), fetched.source()),
						(ex) -> finish(started, () -> failed(ex, source), CrayonTokenListener.Source.ENDPOINT),
						() -> finish(started, () -> failed(source.failure(Reason.UNREACHABLE,
								"the request completed without a token."), source), CrayonTokenListener.Source.ENDPOINT)));
			if (this.closed || !this.source.issuesLike(source)) {
				// cancelled while the request was being sent: the cancellation may have missed its subscription
				cancel(started);
			}
		}
		catch (Throwable ex) {
			// thrown, not signalled: Reactor rethrows errors it deems fatal, such as a LinkageError
			finish(started, () -> failed(ex, source), CrayonTokenListener.Source.ENDPOINT);
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
		}
	}

	/**
	 * Complete a request with the slot the supplier makes, unless it has completed already.
	 */
	private void finish(TokenRequest started, Supplier<TokenSlot> outcome, CrayonTokenListener.Source source) {
		if (!started.claim()) {
			return;
		}
		TokenSlot slot = outcome.get();
		CrayonTokenListener.Completion completion = started.completion();
		if (slot instanceof TokenSlot.Usable usable) {
			this.issued.accept(usable, started.source());
			CompositeCrayonTokenListener.safely(() -> completion.succeeded(usable.value(), source));
		}
		else if (slot instanceof TokenSlot.Failed failed) {
			CompositeCrayonTokenListener.safely(() -> completion.failed(failed.failure()));
		}
		IN_FLIGHT.compareAndSet(this, started, null);
		started.complete(slot);
	}

	private CrayonTokenListener.Completion started(Trigger trigger, ContextView caller) {
		try {
			return this.listener
				.requestStarted(new CrayonTokenListener.Request(this.name, !this.configured, trigger, caller));
		}
		catch (RuntimeException ex) {
			logger.debug("Token listener failed", ex);
			return CrayonTokenListener.Completion.NONE;
		}
	}

	private TokenSlot usable(PasswordGrant.Fetched fetched, TokenSource source) {
		TokenSlot.Usable slot = TokenSlot.Usable.of(fetched.token(), fetched.requestedAtNanos(), source.settings());
		long now = this.ticker.read();
		if (now - slot.servedUntilNanos() >= 0) {
			return failed(source.failure(Reason.TIMEOUT, "the token arrived "
					+ Duration.ofNanos(now - fetched.requestedAtNanos()).toMillis() + " ms after the request, past "
					+ "its usable life of "
					+ Duration.ofNanos(slot.servedUntilNanos() - fetched.requestedAtNanos()).toMillis()
					+ " ms (ExpiresIn " + fetched.token().lifetime().toSeconds()
					+ " s minus the expiry margin), so it was not used."), source);
		}
		source.streak().succeeded();
		this.lastFailure = null;
		if (logger.isDebugEnabled()) {
			logger.debug("Obtained " + fetched.token() + " for Crayon client '" + this.name + "'; serving it for "
					+ Duration.ofNanos(slot.servedUntilNanos() - now).toMillis()
					+ " ms, refreshing it in the background after "
					+ Duration.ofNanos(slot.refreshAtNanos() - now).toMillis() + " ms");
		}
		return slot;
	}

	private TokenSlot failed(Throwable ex, TokenSource source) {
		if (ex instanceof TokenEndpointBreaker.Open refused) {
			// not sent, the endpoint being down: no failure of the client's own, it asks again when the breaker says
			return new TokenSlot.Failed(remember(source.failure(refused.reason(), refused.getMessage())),
					refused.retryAtNanos());
		}
		CrayonTokenException failure = remember((ex instanceof CrayonTokenException tokenFailure) ? tokenFailure
				: source.failure(Reason.UNREACHABLE, "unexpected " + ex + "."));
		return new TokenSlot.Failed(failure, this.ticker.read() + source.streak().failed(failure).toNanos());
	}

	private CrayonTokenException remember(CrayonTokenException failure) {
		LastFailure previous = this.lastFailure;
		this.lastFailure = new LastFailure(failure, (previous != null) ? previous.since() : this.clock.instant());
		return failure;
	}

	private TokenSlot closedSlot() {
		return new TokenSlot.Failed(new CrayonTokenException("The Crayon API token service of client '" + this.name
				+ "' is closed.", Reason.UNREACHABLE, null, null, null), this.ticker.read());
	}

	/**
	 * Use another source from the next request on. One that
	 * {@linkplain TokenSource#issuesLike issues other tokens} (new credentials, another endpoint)
	 * also ends the failure streak and cancels the request in flight (its listeners hear so)
	 * without completing it, so that its waiting callers can be given a token of the new source.
	 * @param source where tokens come from now
	 * @return the cancelled request, not yet completed, or {@code null} if none was cancelled
	 */
	@Nullable TokenRequest replaceSource(TokenSource source) {
		boolean rotated = !this.source.issuesLike(source);
		this.source = source;
		if (!rotated) {
			return null;
		}
		this.lastFailure = null;
		this.reauthenticating = false;
		TokenRequest inFlight = this.inFlight;
		if (inFlight != null && !inFlight.source().issuesLike(source) && inFlight.cancel()) {
			IN_FLIGHT.compareAndSet(this, inFlight, null);
			return inFlight;
		}
		return null;
	}

	/**
	 * Return what is known of the client's token and its last token request.
	 * @param latest the newest token, or {@code null}
	 * @param nowNanos the ticker's reading now
	 * @return the status
	 */
	CrayonTokenStatus status(TokenSlot.@Nullable Usable latest, long nowNanos) {
		LastFailure failure = this.lastFailure;
		CrayonTokenException lastFailure = (failure != null) ? failure.exception() : null;
		Instant failingSince = (failure != null) ? failure.since() : null;
		if (latest != null && nowNanos - latest.servedUntilNanos() < 0) {
			return new CrayonTokenStatus(CrayonTokenStatus.State.USABLE,
					Duration.ofNanos(latest.expiresAtNanos() - nowNanos), lastFailure, failingSince);
		}
		if (failure != null) {
			return new CrayonTokenStatus(CrayonTokenStatus.State.FAILING, null, lastFailure, failingSince);
		}
		return this.requested ? new CrayonTokenStatus(CrayonTokenStatus.State.NONE, null, null, null)
				: CrayonTokenStatus.NOT_REQUESTED;
	}

	/**
	 * Return whether the client is closed: every request fails at once.
	 * @return {@code true} once closed
	 */
	boolean closed() {
		return this.closed;
	}

	/**
	 * Stop for good: cancel the request in flight (its listeners hear it was cancelled, its
	 * waiting callers fail at once) and fail every later one.
	 */
	void close() {
		this.closed = true;
		cancelInFlight();
	}

	private void cancelInFlight() {
		TokenRequest inFlight = this.inFlight;
		if (inFlight != null) {
			cancel(inFlight);
		}
	}

	private void cancel(TokenRequest request) {
		if (request.cancel()) {
			IN_FLIGHT.compareAndSet(this, request, null);
			request.complete(closedSlot());
		}
	}

	/**
	 * The last failed request of a streak, and when the streak began.
	 * @param exception the failure
	 * @param since when the streak began
	 */
	private record LastFailure(CrayonTokenException exception, Instant since) {

	}

}
