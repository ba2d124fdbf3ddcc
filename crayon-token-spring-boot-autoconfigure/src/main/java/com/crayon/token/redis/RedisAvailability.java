package com.crayon.token.redis;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tracks whether Redis answers, logging the first failure of an outage once at WARN and the
 * recovery once at INFO.
 */
final class RedisAvailability {

	// the store's category, the one users' logging configuration names
	private static final Log logger = LogFactory.getLog(RedisAvailability.class);

	private final AtomicBoolean down = new AtomicBoolean();

	/**
	 * Record that Redis answered.
	 */
	void answered() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			logger.info("The Redis token store answers again; instances share tokens again");
		}
	}

	/**
	 * Record that a Redis call failed.
	 * @param ex the failure
	 */
	void unavailable(Throwable ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		if (this.down.compareAndSet(false, true)) {
			logger.warn("The Redis token store is unavailable (" + cause.getClass().getSimpleName()
					+ "); each instance requests its own Crayon API tokens until Redis answers again");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("The Redis token store is still unavailable: " + cause);
		}
	}

}
