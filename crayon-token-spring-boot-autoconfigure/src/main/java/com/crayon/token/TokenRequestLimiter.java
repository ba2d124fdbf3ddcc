package com.crayon.token;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Bounds how many token requests the clients sharing it send to token endpoints at once, so
 * that thousands of clients starting together, or recovering together after an outage longer
 * than a token's lifetime, never send the identity server more than that many password-grant
 * requests at a time. A request that a caller waits for goes before a background refresh, and
 * no request waits for a free slot longer than its bound.
 */
final class TokenRequestLimiter {

	/** A limiter that never makes a request wait. */
	static final TokenRequestLimiter UNLIMITED = new TokenRequestLimiter(Integer.MAX_VALUE);

	/** What a request that waited in vain gets instead of a slot; releasing it does nothing. */
	private final Slot noSlot = new Slot(true);

	private final int limit;

	private final AtomicInteger running = new AtomicInteger();

	private final Queue<Waiter> callers = new ConcurrentLinkedQueue<>();

	private final Queue<Waiter> background = new ConcurrentLinkedQueue<>();

	/**
	 * Create a limiter.
	 * @param limit how many token requests may run at once
	 */
	TokenRequestLimiter(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + limit);
		}
		this.limit = limit;
	}

	/**
	 * Return the request, sent once a slot is free.
	 * @param <T> the request's value
	 * @param request the token request
	 * @param awaited whether a caller waits for it (else it is a background refresh, which goes
	 * after every awaited request)
	 * @param bound how long the request may wait for a slot
	 * @param full the error to signal when no slot came free in time
	 * @return the limited request
	 */
	<T> Mono<T> limit(Mono<T> request, boolean awaited, Duration bound, Supplier<Throwable> full) {
		if (this.limit == Integer.MAX_VALUE) {
			return request;
		}
		return Mono.defer(() -> {
			if (tryTake()) {
				// a free slot: subscribe on the caller's stack, so that an error thrown there reaches it
				return holding(request, new Slot());
			}
			return Mono.<Slot>create((sink) -> await(sink, awaited, bound))
				.doOnDiscard(Slot.class, Slot::release)
				.flatMap((slot) -> (slot != this.noSlot) ? holding(request, slot) : Mono.error(full));
		});
	}

	/**
	 * Return the request holding a slot until it ends, however it ends: a request whose
	 * subscription throws (a fatal error in a filter) gives its slot back too.
	 */
	private static <T> Mono<T> holding(Mono<T> request, Slot slot) {
		Mono<T> held = request.doFinally((signal) -> slot.release());
		return Mono.from((subscriber) -> {
			try {
				held.subscribe(subscriber);
			}
			catch (Throwable ex) {
				slot.release();
				throw ex;
			}
		});
	}

	/**
	 * Return how many token requests run now.
	 * @return the number of requests holding a slot
	 */
	int running() {
		return this.running.get();
	}

	/**
	 * Return the most token requests that may run at once.
	 * @return the limit
	 */
	int limit() {
		return this.limit;
	}

	private void await(MonoSink<Slot> sink, boolean awaited, Duration bound) {
		if (tryTake()) {
			sink.success(new Slot());
			return;
		}
		Waiter waiter = new Waiter(sink);
		Disposable timer = Schedulers.parallel()
			.schedule(waiter::expire, bound.toNanos(), TimeUnit.NANOSECONDS);
		sink.onDispose(() -> {
			waiter.cancel();
			timer.dispose();
		});
		(awaited ? this.callers : this.background).offer(waiter);
		// a slot freed between the failed take and the offer would otherwise wait for the next release
		handOver();
	}

	private boolean tryTake() {
		for (;;) {
			int running = this.running.get();
			if (running >= this.limit) {
				return false;
			}
			if (this.running.compareAndSet(running, running + 1)) {
				return true;
			}
		}
	}

	/**
	 * Give free slots to waiters, callers first.
	 */
	private void handOver() {
		while (!this.callers.isEmpty() || !this.background.isEmpty()) {
			if (!tryTake()) {
				return;
			}
			Waiter next = this.callers.poll();
			if (next == null) {
				next = this.background.poll();
			}
			if (next == null || !next.grant(new Slot())) {
				this.running.decrementAndGet();
			}
		}
	}

	@Override
	public String toString() {
		return "TokenRequestLimiter[limit=" + this.limit + ", running=" + this.running.get() + "]";
	}

	/**
	 * One running request's slot, given back once.
	 */
	private final class Slot {

		private final AtomicBoolean released;

		Slot() {
			this(false);
		}

		private Slot(boolean released) {
			this.released = new AtomicBoolean(released);
		}

		void release() {
			if (this.released.compareAndSet(false, true)) {
				TokenRequestLimiter.this.running.decrementAndGet();
				handOver();
			}
		}

	}

	/**
	 * A request waiting for a slot.
	 */
	private final class Waiter {

		private final MonoSink<Slot> sink;

		private final AtomicBoolean done = new AtomicBoolean();

		Waiter(MonoSink<Slot> sink) {
			this.sink = sink;
		}

		/**
		 * Hand the slot to the request; {@code false} if it stopped waiting already.
		 */
		boolean grant(Slot slot) {
			if (!this.done.compareAndSet(false, true)) {
				return false;
			}
			// a request cancelled in the meantime discards the slot, which releases it
			this.sink.success(slot);
			return true;
		}

		/**
		 * Tell the request that no slot came free in time: a value, not an error, so that one
		 * racing a cancellation is discarded quietly rather than logged as a dropped error.
		 */
		void expire() {
			if (this.done.compareAndSet(false, true)) {
				this.sink.success(TokenRequestLimiter.this.noSlot);
			}
		}

		void cancel() {
			this.done.set(true);
		}

	}

}
