package com.crayon.token.benchmarks;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Reusable subscriber, one per benchmark thread, that requests everything on subscription and
 * keeps the value: the work an operator such as a filter's {@code flatMap} does with the
 * {@code Mono} it subscribes to, without {@code block()}'s latch and thread checks.
 *
 * <p>A cached token completes during {@code subscribe}; {@link #take()} fails if it did not, so a
 * benchmark can never measure a subscription that has not completed yet.
 */
@State(Scope.Thread)
public class SyncSubscriber implements CoreSubscriber<Object> {

	private @Nullable Object value;

	private @Nullable Throwable error;

	private boolean completed;

	@Override
	public void onSubscribe(Subscription subscription) {
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(Object value) {
		this.value = value;
	}

	@Override
	public void onError(Throwable error) {
		this.error = error;
	}

	@Override
	public void onComplete() {
		this.completed = true;
	}

	/**
	 * Return the value of the subscription that has just completed, and forget it.
	 * @param <T> the value's type
	 * @return the value
	 * @throws IllegalStateException if the subscription has not completed with a value
	 */
	@SuppressWarnings("unchecked")
	<T> T take() {
		Object taken = this.value;
		if (taken == null || !this.completed) {
			throw new IllegalStateException("Subscription did not complete with a value during subscribe()",
					this.error);
		}
		this.value = null;
		this.completed = false;
		return (T) taken;
	}

}
