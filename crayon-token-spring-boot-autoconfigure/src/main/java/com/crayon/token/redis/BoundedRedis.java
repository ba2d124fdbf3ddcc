package com.crayon.token.redis;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * The store's Redis (commands and pub/sub), each call bounded by the store's timeout and its
 * outcome recorded in the store's availability.
 */
final class BoundedRedis {

	private final ReactiveStringRedisTemplate redis;

	private final Duration timeout;

	private final RedisAvailability availability = new RedisAvailability();

	private final RedisListeners listeners;

	BoundedRedis(ReactiveRedisConnectionFactory connectionFactory, Duration timeout) {
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.timeout = timeout;
		this.listeners = new RedisListeners(connectionFactory);
	}

	/**
	 * Return the commands; wrap each call in {@link #bounded(Mono)}.
	 * @return the template
	 */
	ReactiveStringRedisTemplate commands() {
		return this.redis;
	}

	/**
	 * Apply the bound to a Redis call, and turn any failure into {@link StoreUnavailable}.
	 * @param <T> the call's value
	 * @param call the call
	 * @return the bounded call
	 */
	<T> Mono<T> bounded(Mono<T> call) {
		return call.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof StoreUnavailable), StoreUnavailable::new)
			.doOnSuccess((value) -> this.availability.answered());
	}

	/**
	 * Record that a Redis call failed.
	 * @param ex the failure
	 */
	void unavailable(Throwable ex) {
		this.availability.unavailable(ex);
	}

	/**
	 * Return the pub/sub listener container, creating one if there is none.
	 * @return the container
	 */
	ReactiveRedisMessageListenerContainer listeners() {
		return this.listeners.get();
	}

	/**
	 * Replace a pub/sub listener container that failed.
	 * @param broken the container that failed
	 */
	void dropListeners(ReactiveRedisMessageListenerContainer broken) {
		this.listeners.drop(broken);
	}

	/**
	 * Open the connections (commands and pub/sub); a failure is recorded and otherwise ignored.
	 * @param channel a channel to subscribe to and leave again
	 * @param bound how long to wait for Redis
	 */
	void connect(String channel, Duration bound) {
		try {
			this.redis.execute((connection) -> connection.ping())
				.then(listeners().receiveLater(ChannelTopic.of(channel)))
				.flatMap((messages) -> messages.take(Duration.ofMillis(1)).then())
				.block(bound);
			this.availability.answered();
		}
		catch (RuntimeException ex) {
			this.availability.unavailable(ex);
		}
	}

	/**
	 * Close the pub/sub connection.
	 */
	void destroy() {
		this.listeners.destroy();
	}

}
