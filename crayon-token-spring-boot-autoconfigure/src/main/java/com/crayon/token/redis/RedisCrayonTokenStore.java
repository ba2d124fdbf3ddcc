package com.crayon.token.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.crayon.token.CrayonTokenStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * {@link CrayonTokenStore} in Redis: one encrypted entry per client, a short lease so that one
 * instance requests the token the others wait for (woken through pub/sub), and compare-and-delete
 * of a rejected token. Every Redis call is bounded; on any Redis failure an instance requests
 * its own token, and the first failure of an outage is logged once at WARN.
 */
public final class RedisCrayonTokenStore implements CrayonTokenStore, DisposableBean {

	/** Prefix of every key unless another is set. */
	public static final String DEFAULT_KEY_PREFIX = "crayon:token:";

	private final BoundedRedis redis;

	private final String keyPrefix;

	private final Duration timeout;

	private final byte @Nullable [] key;

	private final Clock clock;

	/**
	 * Create a store.
	 * @param connectionFactory the application's Redis connections
	 * @param keyPrefix prefix of every key, such as {@value #DEFAULT_KEY_PREFIX}
	 * @param timeout bound of each Redis call
	 * @param key key material from which entries' keys are derived; {@code null} to derive them
	 * from each client's secret
	 * @param clock the wall clock tokens' expiry is compared with
	 */
	public RedisCrayonTokenStore(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration timeout,
			@Nullable String key, Clock clock) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.redis = new BoundedRedis(connectionFactory, timeout);
	}

	@Override
	public Binding bind(Client client) {
		String entry = this.keyPrefix + TokenCipher.hash(client.tokenUri().toString(), client.credentials().clientId(),
				client.credentials().username(), client.credentials().scope());
		byte[] secret = (this.key != null) ? this.key
				: client.credentials().clientSecret().getBytes(StandardCharsets.UTF_8);
		return new RedisBinding(this.redis, this.clock, entry, new TokenCipher(secret, entry), client.requestBound(),
				client.expiryMargin());
	}

	/**
	 * Open the connections the store uses (commands and pub/sub), so that the first token
	 * request is not the one that pays for connecting; a failure is logged and otherwise ignored.
	 * @param bound how long to wait for Redis
	 */
	public void connect(Duration bound) {
		this.redis.connect(this.keyPrefix + "connect", bound);
	}

	@Override
	public void destroy() {
		this.redis.destroy();
	}

	@Override
	public String toString() {
		return "RedisCrayonTokenStore[keyPrefix=" + this.keyPrefix + ", timeout=" + this.timeout + "]";
	}

}
