package com.crayon.token.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * The store's pub/sub listener container, created on first use and replaced when broken.
 */
final class RedisListeners {

	// the store's category, the one users' logging configuration names
	private static final Log logger = LogFactory.getLog(RedisListeners.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private volatile @Nullable ReactiveRedisMessageListenerContainer listeners;

	RedisListeners(ReactiveRedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Return the current container, creating one if there is none.
	 * @return the container
	 */
	ReactiveRedisMessageListenerContainer get() {
		ReactiveRedisMessageListenerContainer listeners = this.listeners;
		if (listeners == null) {
			synchronized (this) {
				listeners = this.listeners;
				if (listeners == null) {
					listeners = new ReactiveRedisMessageListenerContainer(this.connectionFactory);
					this.listeners = listeners;
				}
			}
		}
		return listeners;
	}

	/**
	 * Forget a container that failed, unless it was already replaced, and close it in the background.
	 * @param broken the container that failed
	 */
	void drop(ReactiveRedisMessageListenerContainer broken) {
		synchronized (this) {
			if (this.listeners == broken) {
				this.listeners = null;
			}
		}
		Mono.fromRunnable(broken::destroy).onErrorResume((ex) -> Mono.empty()).subscribe();
	}

	/**
	 * Close the current container, if any; a failure is logged at DEBUG.
	 */
	void destroy() {
		ReactiveRedisMessageListenerContainer listeners = this.listeners;
		this.listeners = null;
		if (listeners != null) {
			try {
				listeners.destroy();
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to close the token store's pub/sub connection", ex);
			}
		}
	}

}
