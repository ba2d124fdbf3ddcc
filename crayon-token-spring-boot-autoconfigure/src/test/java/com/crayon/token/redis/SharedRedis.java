package com.crayon.token.redis;

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

	static void release(StringRedisTemplate template) {
		((LettuceConnectionFactory) template.getConnectionFactory()).destroy();
	}

}
