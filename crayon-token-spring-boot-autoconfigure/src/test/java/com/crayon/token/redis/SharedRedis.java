package com.crayon.token.redis;

import java.time.Clock;
import java.time.Duration;

import com.crayon.token.CrayonTokenStore;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A template on the shared Redis at 127.0.0.1:6379, for tests that look at what it holds.
 */
final class SharedRedis {

	private SharedRedis() {
	}

	static StringRedisTemplate template() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		return new StringRedisTemplate(factory);
	}

	/**
	 * Return the key of a client's entry in a store with the given prefix and no store key.
	 */
	static String entry(StringRedisTemplate template, String prefix, CrayonTokenStore.Client client) {
		return new RedisCrayonTokenStore((LettuceConnectionFactory) template.getConnectionFactory(), prefix,
				Duration.ofSeconds(1), null, Clock.systemUTC())
			.entry(client);
	}

	static void release(StringRedisTemplate template) {
		((LettuceConnectionFactory) template.getConnectionFactory()).destroy();
	}

}
