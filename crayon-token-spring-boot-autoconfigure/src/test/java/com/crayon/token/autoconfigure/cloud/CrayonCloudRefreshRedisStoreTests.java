package com.crayon.token.autoconfigure.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.redis.CrayonRedisTokenStoreAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refresh that rotates a client whose tokens are shared through the real Redis at
 * 127.0.0.1:6379: the old credentials' entry leaves Redis, and the new token is shared.
 */
class CrayonCloudRefreshRedisStoreTests {

	private final String prefix = "crayon:test:" + UUID.randomUUID() + ":";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final StringRedisTemplate redis = template();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class, CrayonCloudRefreshAutoConfiguration.class))
		.withPropertyValues("crayon.api.base-url=" + this.endpoint.baseUrl(),
				"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
				"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "crayon.api.password=" + TokenEndpoint.PASSWORD,
				"crayon.api.store.type=redis", "crayon.api.store.key-prefix=" + this.prefix,
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
				// generous for a loaded machine: a Redis call past it makes an instance fetch on its own
				"crayon.api.store.timeout=2s");

	@AfterEach
	void cleanUp() {
		this.endpoint.close();
		Set<String> keys = this.redis.keys(this.prefix + "*");
		if (!keys.isEmpty()) {
			this.redis.delete(keys);
		}
		((LettuceConnectionFactory) this.redis.getConnectionFactory()).destroy();
	}

	@Test
	void refreshWhenCredentialsChangedThenOldEntryLeavesRedisAndNewTokenIsShared() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "rotated-user");
		Map<String, Object> configuration = new ConcurrentHashMap<>(Map.of("crayon.api.username", TokenEndpoint.USERNAME));
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("configuration", configuration)))
			.run((context) -> {
				CrayonTokenService service = context.getBean(CrayonTokenService.class);
				service.getToken();
				Set<String> old = this.redis.keys(this.prefix + "*");
				assertThat(old).hasSize(1);

				configuration.put("crayon.api.username", "rotated-user");
				context.publishEvent(new EnvironmentChangeEvent(context.getSourceApplicationContext(),
						Set.of("crayon.api.username")));
				CrayonAccessToken rotated = service.getToken();
				assertThat(this.endpoint.userOf(rotated.value())).isEqualTo("rotated-user");
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.redis.keys(this.prefix + "*"))
					.hasSize(1)
					.doesNotContainAnyElementsOf(old));

				// another instance, started with the new credentials, gets the rotated token from Redis
				this.contextRunner.withPropertyValues("crayon.api.username=rotated-user").run((other) -> {
					assertThat(other.getBean(CrayonTokenService.class).getToken()).isEqualTo(rotated);
				});
				assertThat(this.endpoint.tokenRequestsFor("rotated-user")).isOne();
			});
	}

	private static StringRedisTemplate template() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		factory.afterPropertiesSet();
		factory.start();
		return new StringRedisTemplate(factory);
	}

}
