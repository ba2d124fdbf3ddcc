package com.crayon.token.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.crayon.token.CrayonTokenStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * {@link CrayonTokenStore} in Redis: one encrypted entry per client, named and keyed by all of its
 * credentials, so that only instances that know every one of them (client secret, password and
 * the store key, if any) find it; a short lease so that one instance requests the token the
 * others wait for (woken through pub/sub); compare-and-delete of a rejected token. A client's
 * keys share one hash slot ({@code <prefix>{<id>}}), as Redis Cluster needs. Every Redis call is
 * bounded; on any Redis failure an instance requests its own token, and the first failure of an
 * outage is logged once at WARN.
 */
public final class RedisCrayonTokenStore implements CrayonTokenStore, DisposableBean {

	/** Prefix of every key unless another is set. */
	public static final String DEFAULT_KEY_PREFIX = "crayon:token:";

	/** Fewest bytes a store key may have: as many as the AES-256 keys derived from it. */
	public static final int MIN_KEY_LENGTH = 32;

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
	 * @param key key material mixed into every entry's name and keys, at least
	 * {@value #MIN_KEY_LENGTH} bytes; {@code null} to derive them from each client's credentials
	 * alone
	 * @param clock the wall clock a shared token's timestamps are placed on (how long it has left
	 * is always Redis's answer)
	 * @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_LENGTH} bytes
	 * or the prefix holds a brace, which would break the keys' hash slot
	 */
	public RedisCrayonTokenStore(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, Duration timeout,
			@Nullable String key, Clock clock) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
		Assert.isTrue(keyPrefix.indexOf('{') < 0 && keyPrefix.indexOf('}') < 0,
				() -> "The key prefix must not hold '{' or '}', got '" + keyPrefix + "'");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		Assert.isTrue(key == null || key.getBytes(StandardCharsets.UTF_8).length >= MIN_KEY_LENGTH,
				() -> "The store key must have at least " + MIN_KEY_LENGTH + " bytes");
		this.key = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.redis = new BoundedRedis(connectionFactory, timeout);
	}

	@Override
	public Binding bind(Client client) {
		TokenCipher cipher = cipher(client);
		return new RedisBinding(this.redis, this.clock, entry(cipher), cipher, client.settings());
	}

	/**
	 * Return the key of a client's entry.
	 * @param client the client
	 * @return {@code <prefix>{<id>}}
	 */
	String entry(Client client) {
		return entry(cipher(client));
	}

	private String entry(TokenCipher cipher) {
		return this.keyPrefix + "{" + cipher.id() + "}";
	}

	private TokenCipher cipher(Client client) {
		return TokenCipher.of(this.key, client.settings().tokenUri().toString(), client.credentials());
	}

	/**
	 * Open the connections the store uses (commands and pub/sub, discovering a cluster's
	 * topology), so that the first token request is not the one that pays for connecting;
	 * waits at most {@code bound}, past which connecting goes on in the background; a failure
	 * is logged and otherwise ignored.
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
