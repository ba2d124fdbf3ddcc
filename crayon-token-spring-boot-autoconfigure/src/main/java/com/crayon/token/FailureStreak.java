package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Consecutive failed token requests: decides how long to wait before the next one (jittered
 * exponential backoff, capped) and logs once when a streak starts and once when it ends.
 */
final class FailureStreak {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final AtomicInteger failures = new AtomicInteger();

	FailureStreak(Duration initialBackoff, Duration maxBackoff) {
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Record a failed token request.
	 * @param failure why it failed
	 * @return how long to wait before the next token request
	 */
	Duration failed(CrayonTokenException failure) {
		int count = this.failures.incrementAndGet();
		Duration backoff = backoff(count);
		if (count == 1) {
			logger.warn(failure.getMessage() + " Next token request in " + backoff.toMillis()
					+ " ms at the earliest, backing off up to " + this.maxBackoff.toMillis() + " ms while it fails.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Token request failed again (" + count + " in a row), next attempt in " + backoff.toMillis()
					+ " ms: " + failure.getMessage());
		}
		return backoff;
	}

	/**
	 * Record a successful token request, ending any streak of failures.
	 */
	void succeeded() {
		int count = this.failures.getAndSet(0);
		if (count > 0) {
			logger.warn("Crayon API token endpoint recovered: got a token after " + count + " failed request"
					+ ((count != 1) ? "s" : "") + ".");
		}
	}

	/**
	 * Return the wait after the given number of consecutive failures: the initial backoff doubled
	 * for each earlier failure, capped at the maximum, then jittered into its upper half.
	 */
	private Duration backoff(int count) {
		long initial = Math.max(1, this.initialBackoff.toMillis());
		long max = Math.max(1, this.maxBackoff.toMillis());
		int doublings = Math.min(count - 1, 30);
		long base = (initial > (max >>> doublings)) ? max : (initial << doublings);
		long half = base / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
	}

}
