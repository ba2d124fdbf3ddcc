package com.crayon.token;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A client's token request in flight: its outcome, who hears how it ends, and its subscription.
 * It is completed once, by whichever of its own signals and a cancellation (the client closing,
 * being removed or changing credentials) claims it first.
 */
final class TokenRequest extends CompletableFuture<TokenSlot> {

	private final AtomicBoolean claimed = new AtomicBoolean();

	private final TokenSource source;

	/** Who hears how the request ends; written and read under this request's lock. */
	private CrayonTokenListener.Completion completion = CrayonTokenListener.Completion.NONE;

	private volatile @Nullable Disposable subscription;

	/**
	 * Create a request.
	 * @param source where it gets its token from
	 */
	TokenRequest(TokenSource source) {
		this.source = source;
	}

	/**
	 * Return where the request gets its token from.
	 * @return the source, which holds the credentials
	 */
	TokenSource source() {
		return this.source;
	}

	/**
	 * Tell the listeners that the request starts, unless it was cancelled already.
	 * @param started tells the listeners, returning who hears the end
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
	 * Record the subscription that sends the request, so that a cancellation disposes it.
	 * @param subscription the subscription
	 */
	void sending(Disposable subscription) {
		this.subscription = subscription;
	}

	/**
	 * Return whether the caller is the one to complete this request.
	 * @return {@code true} once
	 */
	boolean claim() {
		return !this.claimed.get() && this.claimed.compareAndSet(false, true);
	}

	/**
	 * Return who hears how the request ends.
	 * @return the completion
	 */
	synchronized CrayonTokenListener.Completion completion() {
		return this.completion;
	}

	/**
	 * Cancel the request: its subscription is disposed and, if nothing completed it yet, its
	 * listeners hear it was cancelled.
	 * @return {@code true} if the caller claimed it and must complete it
	 */
	boolean cancel() {
		Disposable subscription = this.subscription;
		if (subscription != null) {
			subscription.dispose();
		}
		if (claim()) {
			CompositeCrayonTokenListener.safely(completion()::cancelled);
			return true;
		}
		return false;
	}

}
