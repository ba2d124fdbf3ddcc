package com.crayon.token.autoconfigure.redis;

import java.time.Clock;
import java.time.Duration;

import com.crayon.token.CrayonTokenStore;
import com.crayon.token.autoconfigure.CrayonApiProperties;
import com.crayon.token.autoconfigure.CrayonApiPropertiesValidator;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.redis.RedisCrayonTokenStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Auto-configuration of the {@link RedisCrayonTokenStore} when {@code crayon.api.token.store=redis},
 * on the application's Spring Data Redis connection factory.
 */
@AutoConfiguration(before = CrayonTokenAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, CrayonTokenStore.class })
@ConditionalOnProperty(name = "crayon.api.token.store", havingValue = "redis")
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
		CrayonApiPropertiesValidator.validateStoreKey(properties);
		ReactiveRedisConnectionFactory connectionFactory = connectionFactories.getIfAvailable();
		if (connectionFactory == null) {
			throw new IllegalStateException("crayon.api.token.store=redis needs a ReactiveRedisConnectionFactory bean: "
					+ "add spring-boot-starter-data-redis (Lettuce), or set crayon.api.token.store=local");
		}
		CrayonApiProperties.Token token = properties.getToken();
		RedisCrayonTokenStore store = new RedisCrayonTokenStore(connectionFactory, token.getStoreKeyPrefix(),
				token.getStoreTimeout(), token.getStoreKey(), Clock.systemUTC());
		Duration timeout = token.getStoreTimeout();
		store.connect((timeout.compareTo(CONNECT_BOUND) < 0) ? timeout : CONNECT_BOUND);
		return store;
	}

}
