package com.crayon.token.test;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.util.Assert;

/**
 * Faults a test injects into a simulated Crayon API; thread-safe.
 */
final class Faults {

	private final AtomicReference<FailureBudget> failures = new AtomicReference<>(FailureBudget.NONE);

	private volatile Duration delay = Duration.ZERO;

	private volatile boolean rejectCredentials;

	private final Sinks.Empty<Void> closed = Sinks.empty();

	void failNextTokenRequests(int count, int status) {
		Assert.isTrue(count >= 0, "count must not be negative");
		Assert.isTrue(status >= 400 && status <= 599, "status must be an HTTP error status (400 to 599)");
		this.failures.set(new FailureBudget(count, status));
	}

	/**
	 * Take one injected failure, if any is left.
	 * @return the status to fail with, or empty if the request is to be answered normally
	 */
	OptionalInt takeFailure() {
		FailureBudget budget = this.failures.getAndUpdate(FailureBudget::next);
		return (budget.count() > 0) ? OptionalInt.of(budget.status()) : OptionalInt.empty();
	}

	void delayAnswers(Duration delay) {
		Assert.isTrue(!delay.isNegative(), "delay must not be negative");
		this.delay = delay;
	}

	/**
	 * Return a {@code Mono} that completes once the injected delay has passed, or at once when
	 * the simulator closes.
	 */
	Mono<Void> delay() {
		Duration delay = this.delay;
		if (delay.isZero()) {
			return Mono.empty();
		}
		return Mono.firstWithSignal(Mono.delay(delay).then(), this.closed.asMono());
	}

	void rejectCredentials(boolean reject) {
		this.rejectCredentials = reject;
	}

	boolean rejectsCredentials() {
		return this.rejectCredentials;
	}

	void reset() {
		this.failures.set(FailureBudget.NONE);
		this.delay = Duration.ZERO;
		this.rejectCredentials = false;
	}

	void close() {
		this.closed.tryEmitEmpty();
	}

	private record FailureBudget(int count, int status) {

		static final FailureBudget NONE = new FailureBudget(0, 500);

		FailureBudget next() {
			return (this.count > 0) ? new FailureBudget(this.count - 1, this.status) : this;
		}

	}

}
