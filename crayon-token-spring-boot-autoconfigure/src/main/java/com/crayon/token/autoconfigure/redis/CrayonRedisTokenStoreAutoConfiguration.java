package com.crayon.token.autoconfigure.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.crayon.token.CrayonTokenStore;
import com.crayon.token.autoconfigure.CrayonApiProperties;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.InvalidCrayonApiPropertiesException;
import com.crayon.token.redis.RedisCrayonTokenStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@link RedisCrayonTokenStore} when {@code crayon.api.store.type=redis},
 * on the application's Spring Data Redis connection factory.
 */
@AutoConfiguration(before = CrayonTokenAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, CrayonTokenStore.class })
@ConditionalOnProperty(name = "crayon.api.store.type", havingValue = "redis")
@EnableConfigurationProperties(CrayonApiProperties.class)
public final class CrayonRedisTokenStoreAutoConfiguration {

	/**
	 * Longest the application's start waits for Redis, unless the store's timeout is shorter;
	 * past it, connecting goes on in the background and instances fetch their own tokens until
	 * Redis answers.
	 */
	private static final Duration CONNECT_BOUND = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean(CrayonTokenStore.class)
	RedisCrayonTokenStore crayonTokenStore(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactories,
			CrayonApiProperties properties) {
		CrayonApiProperties.Store settings = properties.getStore();
		String key = storeKey(settings.getKey());
		ReactiveRedisConnectionFactory connectionFactory = connectionFactories.getIfAvailable();
		if (connectionFactory == null) {
			throw new IllegalStateException("crayon.api.store.type=redis needs a ReactiveRedisConnectionFactory bean: "
					+ "add spring-boot-starter-data-redis (Lettuce), or set crayon.api.store.type=local");
		}
		String keyPrefix = settings.getKeyPrefix();
		Duration timeout = settings.getTimeout();
		RedisCrayonTokenStore store = new RedisCrayonTokenStore(connectionFactory,
				(keyPrefix != null) ? keyPrefix : RedisCrayonTokenStore.DEFAULT_KEY_PREFIX, timeout, key,
				Clock.systemUTC());
		store.connect((timeout.compareTo(CONNECT_BOUND) < 0) ? timeout : CONNECT_BOUND);
		return store;
	}

	/**
	 * Return the store key if it is unset or long enough: a blank key (as an unset environment
	 * variable gives) or a short one would make every entry's keys derivable from public values.
	 */
	private static @Nullable String storeKey(@Nullable String key) {
		if (key == null) {
			return null;
		}
		String fix = "generate one with 'openssl rand -base64 32', or remove the property to derive the store's keys "
				+ "from each client's credentials alone";
		if (!StringUtils.hasText(key)) {
			throw invalid("crayon.api.store.key is set but blank (an unset environment variable, as "
					+ "${CRAYON_API_STORE_KEY:} gives?): " + fix);
		}
		int bytes = key.getBytes(StandardCharsets.UTF_8).length;
		if (bytes < RedisCrayonTokenStore.MIN_KEY_LENGTH) {
			throw invalid("crayon.api.store.key must have at least " + RedisCrayonTokenStore.MIN_KEY_LENGTH
					+ " bytes, it has " + bytes + ": " + fix);
		}
		return key;
	}

	private static InvalidCrayonApiPropertiesException invalid(String problem) {
		return new InvalidCrayonApiPropertiesException(List.of(), List.of(), List.of(problem));
	}

}
