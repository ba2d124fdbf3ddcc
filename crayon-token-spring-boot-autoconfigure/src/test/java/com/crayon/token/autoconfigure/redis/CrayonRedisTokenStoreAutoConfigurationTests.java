package com.crayon.token.autoconfigure.redis;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.InvalidCrayonApiPropertiesException;
import com.crayon.token.redis.RedisCrayonTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis token store is configured only with {@code crayon.api.store.type=redis} and Spring
 * Data Redis present; otherwise the token service works as before.
 */
class CrayonRedisTokenStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class))
		.withPropertyValues("crayon.api.base-url=http://127.0.0.1:1", "crayon.api.client-id=id",
				"crayon.api.client-secret=secret", "crayon.api.username=user", "crayon.api.password=password");

	@Test
	void storeWhenPropertyUnsetThenNoStore() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CrayonTokenService.class)
			.doesNotHaveBean(CrayonTokenStore.class));
	}

	@Test
	void storeWhenLocalThenNoStore() {
		this.contextRunner.withPropertyValues("crayon.api.store.type=local")
			.run((context) -> assertThat(context).hasSingleBean(CrayonTokenService.class)
				.doesNotHaveBean(CrayonTokenStore.class));
	}

	@Test
	void storeWhenRedisThenRedisStoreOnApplicationConnectionFactory() {
		this.contextRunner.withPropertyValues("crayon.api.store.type=redis")
			.run((context) -> assertThat(context).hasSingleBean(CrayonTokenService.class)
				.hasSingleBean(RedisCrayonTokenStore.class)
				.getBean(RedisCrayonTokenStore.class)
				.asString()
				.contains("crayon:token:")
				.doesNotContain("secret"));
	}

	@Test
	void storeWhenSpringDataRedisAbsentThenServiceWithoutStore() {
		this.contextRunner.withPropertyValues("crayon.api.store.type=redis")
			.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CrayonTokenService.class)
				.doesNotHaveBean(CrayonTokenStore.class));
	}

	@Test
	void storeWhenApplicationDefinesOneThenItIsUsed() {
		this.contextRunner.withPropertyValues("crayon.api.store.type=redis")
			.withBean(CrayonTokenStore.class, CrayonTokenStore::local)
			.run((context) -> assertThat(context).hasSingleBean(CrayonTokenStore.class)
				.doesNotHaveBean(RedisCrayonTokenStore.class));
	}

	@Test
	void storeWhenRedisWithoutConnectionFactoryThenStartUpFailsNamingTheKey() {
		new ApplicationContextRunner()
			.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
					CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class))
			.withPropertyValues("crayon.api.base-url=http://127.0.0.1:1", "crayon.api.client-id=id",
					"crayon.api.client-secret=secret", "crayon.api.username=user", "crayon.api.password=password",
					"crayon.api.store.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("crayon.api.store.type=redis needs a ReactiveRedisConnectionFactory"));
	}

	@ParameterizedTest(name = "store.key=\"{0}\"")
	@ValueSource(strings = { "", "   ", "short-key-of-31-bytes-.........", "ключ-из-15-букв" })
	void storeWhenKeyBlankOrShorterThan32BytesThenStartUpFailsNamingTheKeyAndTheFix(String key) {
		this.contextRunner.withPropertyValues("crayon.api.store.type=redis", "crayon.api.store.key=" + key)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessageContaining("crayon.api.store.key")
					.hasMessageContaining("openssl rand -base64 32");
				if (!key.isBlank()) {
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessageContaining("at least 32 bytes")
						.hasMessageNotContaining(key);
				}
			});
	}

	@Test
	void storeWhenKeyOf32BytesThenStarts() {
		this.contextRunner
			.withPropertyValues("crayon.api.store.type=redis",
					"crayon.api.store.key=" + "k".repeat(32))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisCrayonTokenStore.class));
	}

}
