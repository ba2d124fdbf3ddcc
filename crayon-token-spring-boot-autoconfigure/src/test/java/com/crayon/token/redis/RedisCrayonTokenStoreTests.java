package com.crayon.token.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import com.crayon.token.CapturedLogs;
import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.redis.CrayonRedisTokenStoreAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;

import static com.crayon.token.redis.StoreInstances.awaitUntil;
import static com.crayon.token.redis.StoreInstances.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Several application contexts (instances) sharing tokens through real Redis: one token request
 * per token lifetime under concurrent load, through a refresh and a 401; a dead lease holder; a
 * Redis outage; what Redis holds. Each test writes under a key prefix of its own and removes
 * its keys.
 */
class RedisCrayonTokenStoreTests {

		private final String prefix = "crayon:test:" + UUID.randomUUID() + ":";

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final StringRedisTemplate sharedRedis = SharedRedis.template();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class))
		.withPropertyValues("crayon.api.base-url=" + this.endpoint.baseUrl(),
				"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
				"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
				"crayon.api.username=" + TokenEndpoint.USERNAME, "crayon.api.password=" + TokenEndpoint.PASSWORD,
				"crayon.api.store.type=redis", "crayon.api.store.key-prefix=" + this.prefix,
				"crayon.api.token.retry.initial-backoff=10ms", "crayon.api.token.retry.max-backoff=100ms",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
				// generous for a loaded machine: a Redis call past it makes an instance fetch on its own
				"crayon.api.store.timeout=2s");

	@AfterEach
	void cleanUp() {
		this.endpoint.close();
		Set<String> keys = this.sharedRedis.keys(this.prefix + "*");
		if (keys != null && !keys.isEmpty()) {
			this.sharedRedis.delete(keys);
		}
		SharedRedis.release(this.sharedRedis);
	}

	@Test
	void tokenWhenThreeInstancesUnderLoadThenOneRequestPerLifetimeThroughRefreshAnd401() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("first", 8), TokenEndpoint.tokenResponse("second", 3600),
				TokenEndpoint.tokenResponse("third", 3600), TokenEndpoint.tokenResponse("unexpected", 3600));
		withInstances(this.contextRunner.withPropertyValues("crayon.api.token.expiry-margin=1s",
				"crayon.api.token.refresh-before-expiry=4s"), (services) -> {
			TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
			CompletableFuture<List<CrayonAccessToken>> load = load(services, 20).toFuture();
			gate.awaitArrivals(1);
			gate.open();
			assertThat(values(load.join())).as("cold start").containsOnly("first");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(1);

			// refresh-ahead after half of the 8 s lifetime: one instance refreshes for all
			awaitUntil(Duration.ofSeconds(30), () -> values(load(services, 5).block()).equals(Set.of("second"))
					&& values(load(services, 5).block()).equals(Set.of("second")));
			assertThat(this.endpoint.tokenRequests()).as("after the refresh").isEqualTo(2);

			// every instance sees the token rejected (HTTP 401): one new token for all
			CrayonAccessToken rejected = services.get(0).token().block();
			Flux.fromIterable(services)
				.parallel(StoreInstances.COUNT)
				.runOn(Schedulers.boundedElastic())
				.doOnNext((service) -> service.invalidate(rejected))
				.sequential()
				.blockLast();
			assertThat(values(load(services, 20).block())).as("after the 401").containsOnly("third");
			assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		});
	}

	@Test
	void tokenWhenLeaseHolderDiedThenOthersFetchOnceLeaseExpires() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		String entry = SharedRedis.entry(this.sharedRedis, this.prefix, StoreInstances.client(this.endpoint));
		this.sharedRedis.opsForValue().set(entry + ":lease", "crashed-instance", Duration.ofSeconds(2));
		withInstances(this.contextRunner, (services) -> {
			// the token request bound is about 30 s: a waiter blocked by it would time out here
			List<CrayonAccessToken> tokens = load(services, 5).block(Duration.ofSeconds(20));
			assertThat(tokens).hasSize(StoreInstances.COUNT * 5);
			assertThat(this.sharedRedis.hasKey(entry + ":lease")).isFalse();
			assertThat(this.sharedRedis.hasKey(entry)).isTrue();
			assertThat(this.endpoint.tokenRequests()).as("one instance took the expired lease over")
				.isEqualTo(1);
		});
	}

	@Test
	void storeWhenTokenSharedThenRedisHoldsNoTokenNoUserAndNothingUsableWithoutSecret() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE)) {
			withInstances(this.contextRunner, (services) -> {
				CrayonAccessToken token = services.get(0).token().block();
				assertThat(services.get(1).token().block()).isEqualTo(token);
				Set<String> keys = this.sharedRedis.keys(this.prefix + "*");
				assertThat(keys).hasSize(1);
				String key = keys.iterator().next();
				String value = this.sharedRedis.opsForValue().get(key);
				assertThat(key).doesNotContain(TokenEndpoint.USERNAME, "api-user", TokenEndpoint.CLIENT_ID);
				assertThat(value).doesNotContain(token.value(), TokenEndpoint.USERNAME, TokenEndpoint.CLIENT_SECRET,
						TokenEndpoint.PASSWORD);
				assertThat(this.sharedRedis.getExpire(key)).as("expires with the token").isPositive()
					.isLessThanOrEqualTo(3600);
			});
			// an instance with the same client id and user but another secret cannot read the entry
			this.contextRunner.withPropertyValues("crayon.api.client-secret=another-secret").run((context) -> {
				CrayonAccessToken own = context.getBean(CrayonTokenService.class).token().block();
				assertThat(own.value()).isEqualTo("token-of-" + TokenEndpoint.USERNAME + "-2");
			});
			assertThat(logs.size()).as("events captured at TRACE").isGreaterThan(100);
			assertThat(logs.everything()).doesNotContain("token-of-" + TokenEndpoint.USERNAME + "-1",
					TokenEndpoint.CLIENT_SECRET, TokenEndpoint.PASSWORD, "another-secret");
		}
	}

	@Test
	void tokenWhenRedisStopsMidRunThenNoFailedRequestsAndSharingResumes() throws Exception {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		try (PrivateRedis redis = new PrivateRedis();
				CapturedLogs logs = new CapturedLogs(RedisCrayonTokenStore.class.getPackageName(), Level.INFO)) {
			withInstances(this.contextRunner.withPropertyValues("spring.data.redis.port=" + redis.port(),
					"crayon.api.store.timeout=500ms"), (services) -> {
				assertThat(values(load(services, 5).block())).hasSize(1);
				assertThat(this.endpoint.tokenRequests()).isEqualTo(1);

				redis.stop();
				for (int round = 0; round < 3; round++) {
					for (CrayonTokenService service : services) {
						service.invalidate(service.token().block());
					}
					assertThat(load(services, 5).block()).as("no failed request while Redis is down")
						.hasSize(StoreInstances.COUNT * 5);
					Thread.sleep(150);
				}
				assertThat(logs.at(Level.WARN)).as("one WARN per instance and outage").hasSize(StoreInstances.COUNT)
					.allSatisfy((line) -> assertThat(line).doesNotContain(TokenEndpoint.CLIENT_SECRET));

				redis.start();
				CrayonTokenService first = services.get(0);
				StringRedisTemplate privateRedis = this.lastInstanceRedis;
				awaitUntil(Duration.ofSeconds(120), () -> {
					first.invalidate(first.token().block());
					first.token().block();
					return !privateRedis.keys(this.prefix + "*").isEmpty();
				});
				CrayonAccessToken shared = first.token().block();
				for (CrayonTokenService other : services.subList(1, StoreInstances.COUNT)) {
					awaitUntil(Duration.ofSeconds(120), () -> {
						int before = this.endpoint.tokenRequests();
						other.invalidate(other.token().block());
						return shared.equals(other.token().block()) && this.endpoint.tokenRequests() == before;
					});
				}
			});
		}
	}

	@Test
	void tokenWhenWrongPasswordThenCredentialsRejectedNotTheSharedToken() {
		this.endpoint.checkCredentials();
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.contextRunner.run((right) -> {
			CrayonAccessToken shared = right.getBean(CrayonTokenService.class).getToken();
			this.contextRunner.withPropertyValues("crayon.api.password=not-the-password").run((wrong) -> {
				assertThatExceptionOfType(CrayonTokenException.class)
					.isThrownBy(() -> wrong.getBean(CrayonTokenService.class).getToken())
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
			});
			assertThat(right.getBean(CrayonTokenService.class).getToken()).isEqualTo(shared);
		});
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenStoreKeySetAndWrongSecretThenCredentialsRejectedNotTheSharedToken() {
		this.endpoint.checkCredentials();
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		ApplicationContextRunner keyed = this.contextRunner
			.withPropertyValues("crayon.api.store.key=" + "a-store-key-of-at-least-32-bytes!");
		keyed.run((right) -> {
			right.getBean(CrayonTokenService.class).getToken();
			keyed.withPropertyValues("crayon.api.client-secret=not-the-secret").run((wrong) -> {
				assertThatExceptionOfType(CrayonTokenException.class)
					.isThrownBy(() -> wrong.getBean(CrayonTokenService.class).getToken())
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
			});
		});
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void removeOrReregisterWhenClientSharedTokenThenItsEntryLeavesRedis() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "tenant-user");
		this.contextRunner.run((context) -> {
			CrayonClientRegistry clients = context.getBean(CrayonClientRegistry.class);
			clients.register("tenant", CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET,
					"tenant-user", "first-password")).getToken();
			Set<String> first = this.sharedRedis.keys(this.prefix + "*");
			assertThat(first).hasSize(1);

			clients.register("tenant", CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET,
					"tenant-user", "rotated-password")).getToken();
			awaitUntil(Duration.ofSeconds(10), () -> {
				Set<String> keys = this.sharedRedis.keys(this.prefix + "*");
				return keys.size() == 1 && !keys.equals(first);
			});

			clients.remove("tenant");
			awaitUntil(Duration.ofSeconds(10), () -> this.sharedRedis.keys(this.prefix + "*").isEmpty());
		});
	}

	/** The last instance's template, for looking into the Redis the instances use. */
	private volatile StringRedisTemplate lastInstanceRedis;

	private void withInstances(ApplicationContextRunner runner, StoreInstances.Body body) {
		StoreInstances.run(runner, (last) -> this.lastInstanceRedis = last.getBean(StringRedisTemplate.class), body);
	}

	/**
	 * Return every token the instances hand out to concurrent callers.
	 */
	private static reactor.core.publisher.Mono<List<CrayonAccessToken>> load(List<CrayonTokenService> services,
			int callsPerInstance) {
		return Flux.range(0, services.size() * callsPerInstance)
			.flatMap((i) -> services.get(i % services.size()).token().subscribeOn(Schedulers.boundedElastic()), 256)
			.collectList();
	}

}
