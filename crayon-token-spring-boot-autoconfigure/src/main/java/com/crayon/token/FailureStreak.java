package com.crayon.token;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.crayon.token.CrayonTokenException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Consecutive failed token requests of one client: decides how long to wait before the next one,
 * and logs once when a streak starts and once when it ends.
 *
 * <p>Rejected credentials back off on their own, slower schedule (exact doubling from the
 * credential backoff, capped), so that a wrong password costs a few logins an hour instead of a
 * locked account; other failures back off with jittered exponential backoff from the initial
 * backoff, capped.
 */
final class FailureStreak {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final CrayonClientSettings settings;

	private final String client;

	/** Prefix of the properties that set the client's settings, such as {@code crayon.api.clients.demo}. */
	private final String keyPrefix;

	private int failures;

	private int credentialFailures;

	/**
	 * Start counting the failures of one client.
	 * @param settings the client's settings
	 * @param client the client's name, which every log line names
	 * @param keyPrefix the prefix of the properties that set its settings
	 */
	FailureStreak(CrayonClientSettings settings, String client, String keyPrefix) {
		this.settings = settings;
		this.client = client;
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Record a failed token request.
	 * @param failure why it failed
	 * @return how long to wait before the next token request
	 */
	synchronized Duration failed(CrayonTokenException failure) {
		this.failures++;
		Duration backoff;
		if (failure.getReason() == Reason.CREDENTIALS_REJECTED) {
			this.credentialFailures++;
			backoff = doubled(this.settings.credentialBackoff(), this.settings.maxCredentialBackoff(),
					this.credentialFailures);
		}
		else {
			backoff = jittered(doubled(this.settings.initialBackoff(), this.settings.maxBackoff(), this.failures));
		}
		if (this.failures == 1) {
			logger.warn("Crayon client '" + this.client + "': " + failure.getMessage() + " Next token request in " + backoff.toMillis()
					+ " ms at the earliest" + ((failure.getReason() == Reason.CREDENTIALS_REJECTED)
							? ", backing off up to " + this.settings.maxCredentialBackoff().toMillis()
									+ " ms while the credentials are rejected (" + this.keyPrefix + ".token.retry.credential-backoff)."
							: ", backing off up to " + this.settings.maxBackoff().toMillis() + " ms while it fails."));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Token request of Crayon client '" + this.client + "' failed again (" + this.failures + " in a row), next attempt in "
					+ backoff.toMillis() + " ms: " + failure.getMessage());
		}
		return backoff;
	}

	/**
	 * Return whether the last token request failed.
	 * @return {@code true} during a streak of failures
	 */
	synchronized boolean isFailing() {
		return this.failures > 0;
	}

	/**
	 * Record a successful token request, ending any streak of failures.
	 */
	void succeeded() {
		int count;
		synchronized (this) {
			count = this.failures;
			this.failures = 0;
			this.credentialFailures = 0;
		}
		if (count > 0) {
			logger.warn("Crayon API token endpoint recovered for client '" + this.client + "': got a token after " + count + " failed request"
					+ ((count != 1) ? "s" : "") + ".");
		}
	}

	/**
	 * Return the wait after the given number of consecutive failures: the initial wait doubled for
	 * each earlier failure, capped at the maximum.
	 */
	static Duration doubled(Duration initial, Duration max, int count) {
		long first = Math.max(1, initial.toMillis());
		long cap = Math.max(1, max.toMillis());
		int doublings = Math.min(count - 1, 30);
		return Duration.ofMillis((first > (cap >>> doublings)) ? cap : (first << doublings));
	}

	/**
	 * Return a wait jittered into the upper half of the given one, so that clients failing together
	 * do not retry together.
	 */
	static Duration jittered(Duration backoff) {
		long base = backoff.toMillis();
		long half = base / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
	}

}
