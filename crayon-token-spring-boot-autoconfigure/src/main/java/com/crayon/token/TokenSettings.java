package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How tokens are requested, served and refreshed; immutable, and shared by every client built
 * with the same settings.
 *
 * @param expiryMargin how long before its expiry a token stops being served, at most a quarter
 * of its lifetime
 * @param refreshBeforeExpiry how long before its expiry a token is refreshed, never before half
 * its lifetime; greater than the margin
 * @param timeout bound of one attempt
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff first wait after a transient failure
 * @param maxBackoff longest wait after a transient failure, and the 401 re-authentication window
 * @param credentialBackoff first wait after rejected credentials
 * @param maxCredentialBackoff longest wait after rejected credentials
 * @param refreshJitter longest random delay of a token's background refresh, at most half its
 * refresh window
 * @param blockBound longest a blocking caller waits: longer than a request can take, so that its
 * own failure comes first
 */
record TokenSettings(Duration expiryMargin, Duration refreshBeforeExpiry, Duration timeout, int maxAttempts,
		Duration initialBackoff, Duration maxBackoff, Duration credentialBackoff, Duration maxCredentialBackoff,
		Duration refreshJitter, Duration blockBound) {

	private static final Log logger = LogFactory.getLog(CrayonTokenClient.class);

	TokenSettings(Duration expiryMargin, Duration refreshBeforeExpiry, Duration timeout, int maxAttempts,
			Duration initialBackoff, Duration maxBackoff, Duration credentialBackoff, Duration maxCredentialBackoff,
			Duration refreshJitter) {
		this(expiryMargin, refreshBeforeExpiry, timeout, maxAttempts, initialBackoff, maxBackoff, credentialBackoff,
				maxCredentialBackoff, refreshJitter, requestBound(timeout, maxAttempts, maxBackoff).plusSeconds(2));
	}

	/**
	 * Return when a token requested at the given moment is refreshed in the background: from
	 * {@code refreshBeforeExpiry} before its expiry (never before half its lifetime), delayed by
	 * a random time of at most {@code refreshJitter} and at most half the rest of its serving
	 * time, so that tokens issued together, such as those of many clients at start-up, are not
	 * all refreshed together, and the second half stays for retries.
	 * @param requestedAtNanos ticker reading when the token was requested
	 * @param lifetime the token's lifetime in nanoseconds
	 * @param servedFor how long the token is served in nanoseconds (its lifetime less the margin)
	 * @return the ticker reading at which to refresh it
	 */
	long refreshAt(long requestedAtNanos, long lifetime, long servedFor) {
		long start = Math.max(lifetime / 2, lifetime - this.refreshBeforeExpiry.toNanos());
		long spread = Math.min(this.refreshJitter.toNanos(), Math.max(0, (servedFor - start) / 2));
		return requestedAtNanos + start + ((spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
	}

	/**
	 * Return the longest one token request can take: every attempt timing out, with the longest
	 * backoff and {@code Retry-After} wait between attempts.
	 * @return the bound
	 */
	Duration requestBound() {
		return requestBound(this.timeout, this.maxAttempts, this.maxBackoff);
	}

	private static Duration requestBound(Duration timeout, int maxAttempts, Duration maxBackoff) {
		return timeout.multipliedBy(maxAttempts).plus(maxBackoff.multipliedBy(2L * (maxAttempts - 1)));
	}

	/**
	 * Return the retries of transient failures within one token request of a client.
	 * @param client the client's name, which the log line of each retry names
	 * @return the retry spec
	 */
	Retry retry(String client) {
		return Retry.backoff(this.maxAttempts - 1L, this.initialBackoff)
			.maxBackoff(this.maxBackoff)
			.jitter(0.5)
			.filter((ex) -> ex instanceof CrayonTokenException failure && failure.isTransient())
			.doBeforeRetryAsync((signal) -> honourRetryAfter(signal.failure(), this.maxBackoff))
			.doBeforeRetry((signal) -> logger.debug("Retrying the token request of Crayon client '" + client
					+ "' (attempt " + (signal.totalRetries() + 2) + " of " + this.maxAttempts + ") after: "
					+ signal.failure().getMessage()))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private static Mono<Void> honourRetryAfter(Throwable failure, Duration maxBackoff) {
		Duration retryAfter = (failure instanceof CrayonTokenException tokenFailure) ? tokenFailure.retryAfter() : null;
		if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
			return Mono.empty();
		}
		return Mono.delay((retryAfter.compareTo(maxBackoff) > 0) ? maxBackoff : retryAfter).then();
	}

	@Override
	public String toString() {
		return "TokenSettings[expiryMargin=" + this.expiryMargin + ", refreshBeforeExpiry=" + this.refreshBeforeExpiry
				+ ", timeout=" + this.timeout + ", maxAttempts=" + this.maxAttempts + "]";
	}

}
