package com.crayon.token;

import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.util.context.ContextView;

/**
 * Hears what token services do: each token request, from start to outcome, and each token
 * dropped after the Crayon API rejected it. Observations, metrics and health are built on it.
 *
 * <p>Called on the thread doing the work, so an implementation must be quick and must not
 * throw; an exception it throws anyway is logged at DEBUG and otherwise ignored.
 */
public interface CrayonTokenListener {

	/**
	 * Called when a token request starts (all its attempts together).
	 * @param request what is requested, for whom and why
	 * @return what to tell when the request ends
	 */
	default Completion requestStarted(Request request) {
		return Completion.NONE;
	}

	/**
	 * Called when a token was dropped because the Crayon API rejected it (HTTP 401).
	 * @param clientName the client's name
	 * @param registeredAtRuntime whether the client was registered at run time
	 */
	default void tokenInvalidated(String clientName, boolean registeredAtRuntime) {
	}

	/**
	 * Called when a client was registered, had its credentials changed, was removed or closed,
	 * after its token service followed.
	 * @param event what happened
	 */
	default void clientChanged(CrayonClientEvent event) {
	}

	/**
	 * Return a listener that tells each of the given ones in turn.
	 * @param listeners the listeners
	 * @return one listener for all of them
	 */
	static CrayonTokenListener composite(List<CrayonTokenListener> listeners) {
		return (listeners.size() == 1) ? listeners.get(0) : new CompositeCrayonTokenListener(List.copyOf(listeners));
	}

	/**
	 * A token request that starts.
	 *
	 * @param clientName the client's name, {@code default} for the top-level client
	 * @param registeredAtRuntime whether the client was registered at run time (there may be
	 * thousands: metrics should not tag each by name)
	 * @param trigger why the token is requested
	 * @param callerContext the Reactor context of the caller that started it (empty for a
	 * blocking caller or a background refresh)
	 */
	record Request(String clientName, boolean registeredAtRuntime, Trigger trigger, ContextView callerContext) {

	}

	/**
	 * Why a token is requested.
	 */
	enum Trigger {

		/** No usable token: a caller waits for it. */
		LOAD,

		/** The current token is due for refresh: requested in the background. */
		REFRESH,

		/** The Crayon API rejected the current token (HTTP 401): a caller waits for a new one. */
		REAUTH;

		/**
		 * Return the trigger's name as metrics and traces show it.
		 * @return {@code load}, {@code refresh} or {@code reauth}
		 */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Where a token request's token came from.
	 */
	enum Source {

		/** The Crayon API's token endpoint, asked by this instance. */
		ENDPOINT,

		/** A shared {@link CrayonTokenStore}: another instance asked the token endpoint. */
		STORE;

		/**
		 * Return the source's name as metrics and traces show it.
		 * @return {@code endpoint} or {@code store}
		 */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Told how a token request ended: once, that it succeeded, failed or was cancelled.
	 */
	interface Completion {

		/** A completion that does nothing. */
		Completion NONE = new Completion() {
		};

		/**
		 * The request obtained a token; called by the default
		 * {@link #succeeded(CrayonAccessToken, Source)}.
		 * @param token the token
		 */
		default void succeeded(CrayonAccessToken token) {
		}

		/**
		 * The request obtained a token, from the token endpoint or from a shared
		 * {@link CrayonTokenStore} that another instance filled; this is the method token
		 * services call, and by default it calls {@link #succeeded(CrayonAccessToken)}.
		 * @param token the token
		 * @param source where the token came from
		 */
		default void succeeded(CrayonAccessToken token, Source source) {
			succeeded(token);
		}

		/**
		 * The request failed.
		 * @param failure why
		 */
		default void failed(CrayonTokenException failure) {
		}

		/**
		 * The request was cancelled before it ended, because its client was closed, removed
		 * or given new credentials.
		 */
		default void cancelled() {
		}

	}

}

/**
 * Tells several listeners, protecting the token service from any of them throwing.
 */
final class CompositeCrayonTokenListener implements CrayonTokenListener {

	private static final Log logger = LogFactory.getLog(CrayonTokenListener.class);

	private final List<CrayonTokenListener> listeners;

	CompositeCrayonTokenListener(List<CrayonTokenListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public Completion requestStarted(Request request) {
		List<Completion> completions = this.listeners.stream().map((listener) -> started(listener, request)).toList();
		return new Completion() {

			@Override
			public void succeeded(CrayonAccessToken token, Source source) {
				completions.forEach((completion) -> safely(() -> completion.succeeded(token, source)));
			}

			@Override
			public void failed(CrayonTokenException failure) {
				completions.forEach((completion) -> safely(() -> completion.failed(failure)));
			}

			@Override
			public void cancelled() {
				completions.forEach((completion) -> safely(completion::cancelled));
			}

		};
	}

	@Override
	public void tokenInvalidated(String clientName, boolean registeredAtRuntime) {
		this.listeners.forEach((listener) -> safely(() -> listener.tokenInvalidated(clientName, registeredAtRuntime)));
	}

	@Override
	public void clientChanged(CrayonClientEvent event) {
		this.listeners.forEach((listener) -> safely(() -> listener.clientChanged(event)));
	}

	private static Completion started(CrayonTokenListener listener, Request request) {
		try {
			return listener.requestStarted(request);
		}
		catch (RuntimeException ex) {
			logger.debug("Token listener " + listener + " failed", ex);
			return Completion.NONE;
		}
	}

	static void safely(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Token listener failed", ex);
		}
	}

}
