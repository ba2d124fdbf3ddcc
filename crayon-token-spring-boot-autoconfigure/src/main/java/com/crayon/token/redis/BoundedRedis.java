package com.crayon.token.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription.Message;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * The store's Redis (commands and pub/sub), each call bounded by the store's timeout and its
 * outcome recorded in the store's availability.
 * <p>
 * Spring Data Redis obtains connections synchronously when a call is subscribed to (for a
 * cluster that includes discovering its topology), which no {@code timeout} operator can cut
 * short: every call is therefore subscribed to on a worker thread, so that the bound holds for
 * connecting too and no caller (a Lettuce event loop included) ever waits for it. A call past
 * its bound leaves its worker uninterrupted, so that connecting goes on for the next calls.
 */
final class BoundedRedis {

	// the store's category, the one users' logging configuration names
	private static final Log logger = LogFactory.getLog(BoundedRedis.class);

	/** Longest connecting goes on in the background once start-up stopped waiting for it. */
	private static final Duration BACKGROUND_CONNECT_BOUND = Duration.ofSeconds(30);

	/** Bounded elastic threads that a cancelled call does not interrupt. */
	private static final Scheduler WORKERS = Schedulers.fromExecutor((task) -> Schedulers.boundedElastic().schedule(task));

	private final ReactiveStringRedisTemplate redis;

	private final Duration timeout;

	private final RedisAvailability availability = new RedisAvailability();

	private final RedisListeners listeners;

	private volatile @Nullable CompletableFuture<Void> connecting;

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
		return call.subscribeOn(WORKERS)
			.timeout(this.timeout)
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
	 * Subscribe to a channel, bounded like every call; a listener container that failed to
	 * subscribe in time is replaced.
	 * @param channel the channel
	 * @return the channel's messages, once subscribed
	 */
	Mono<Flux<Message<String, String>>> receiveLater(String channel) {
		return Mono.defer(() -> {
			AtomicReference<@Nullable ReactiveRedisMessageListenerContainer> used = new AtomicReference<>();
			return bounded(Mono.fromSupplier(this.listeners::get)
				.doOnNext(used::set)
				.flatMap((listeners) -> listeners.receiveLater(ChannelTopic.of(channel))))
				.onErrorResume(StoreUnavailable.class, (ex) -> {
					ReactiveRedisMessageListenerContainer broken = used.get();
					if (broken != null) {
						this.listeners.drop(broken);
					}
					return Mono.error(ex);
				});
		});
	}

	/**
	 * Open the connections (commands and pub/sub, discovering a cluster's topology), waiting at
	 * most {@code bound} for them: past it, connecting goes on in the background, and its
	 * outcome is recorded when known, a failure logged and otherwise ignored.
	 * @param channel a channel to subscribe to and leave again
	 * @param bound how long to wait for Redis
	 */
	void connect(String channel, Duration bound) {
		CompletableFuture<Void> connected = Mono
			.defer(() -> this.redis.execute((connection) -> connection.ping())
				.then(this.listeners.get().receiveLater(ChannelTopic.of(channel)))
				.flatMap((messages) -> messages.take(Duration.ofMillis(1)).then()))
			.subscribeOn(WORKERS)
			.timeout(BACKGROUND_CONNECT_BOUND)
			.doOnSuccess((done) -> this.availability.answered())
			.doOnError(this.availability::unavailable)
			.onErrorResume((ex) -> Mono.empty())
			.toFuture();
		this.connecting = connected;
		try {
			connected.get(bound.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.debug("Still connecting to the Redis token store after " + bound + "; going on in the background");
		}
		catch (ExecutionException ex) {
			// never: a failure is recorded and completes the future
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Close the pub/sub connection.
	 */
	void destroy() {
		CompletableFuture<Void> connecting = this.connecting;
		if (connecting != null) {
			connecting.cancel(false);
		}
		this.listeners.destroy();
	}

}
