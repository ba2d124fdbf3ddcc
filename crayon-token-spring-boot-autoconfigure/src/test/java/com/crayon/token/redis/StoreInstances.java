package com.crayon.token.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.CrayonTokenService;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application contexts (instances) sharing one token store, and what the store tests
 * assert about them.
 */
final class StoreInstances {

	/** Instances each test runs. */
	static final int COUNT = 3;

	private StoreInstances() {
	}

	/**
	 * Run {@value #COUNT} instances of the runner's application, each with a Redis token store,
	 * and hand their token services to the body.
	 * @param runner the application
	 * @param lastInstance told of the last instance before the body runs
	 * @param body what the test does with the instances' token services
	 */
	static void run(ApplicationContextRunner runner, Consumer<AssertableApplicationContext> lastInstance, Body body) {
		nest(runner, new ArrayList<>(), lastInstance, body);
	}

	/**
	 * Run {@value #COUNT} instances as {@link #run(ApplicationContextRunner, Consumer, Body)}
	 * does, nobody told of the last one.
	 * @param runner the application
	 * @param body what the test does with the instances' token services
	 */
	static void run(ApplicationContextRunner runner, Body body) {
		run(runner, (last) -> {
		}, body);
	}

	/**
	 * Return every token the instances hand out to concurrent callers, each call bounded.
	 * @param services the instances' token services
	 * @param callsPerInstance calls each instance gets
	 * @param bound the bound of each call
	 * @return the tokens
	 */
	static Mono<List<CrayonAccessToken>> load(List<CrayonTokenService> services, int callsPerInstance,
			Duration bound) {
		return Flux.range(0, services.size() * callsPerInstance)
			.flatMap((i) -> services.get(i % services.size()).token().timeout(bound).subscribeOn(Schedulers.boundedElastic()),
					256)
			.collectList();
	}

	private static void nest(ApplicationContextRunner runner, List<AssertableApplicationContext> contexts,
			Consumer<AssertableApplicationContext> lastInstance, Body body) {
		runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisCrayonTokenStore.class);
			contexts.add(context);
			if (contexts.size() < COUNT) {
				nest(runner, contexts, lastInstance, body);
				return;
			}
			lastInstance.accept(context);
			body.accept(contexts.stream().map((each) -> each.getBean(CrayonTokenService.class)).toList());
		});
	}

	/**
	 * Return the distinct token values among tokens.
	 * @param tokens the tokens
	 * @return their values
	 */
	/**
	 * Return the client of the test credentials at the given endpoint as a store sees it, whose
	 * token request takes at most one second.
	 */
	static CrayonTokenStore.Client client(TokenEndpoint endpoint) {
		CrayonClientSettings settings = CrayonClientSettings.builder(endpoint.baseUrl())
			.timeout(Duration.ofSeconds(1))
			.retry(1, Duration.ofMillis(200), Duration.ofSeconds(5))
			.build();
		return new CrayonTokenStore.Client(CrayonClientRegistry.DEFAULT_CLIENT, settings, CrayonCredentials
			.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, TokenEndpoint.USERNAME, TokenEndpoint.PASSWORD));
	}

	static Set<String> values(List<CrayonAccessToken> tokens) {
		return Set.copyOf(tokens.stream().map(CrayonAccessToken::value).toList());
	}

	/**
	 * Poll a condition until it holds, failing the test once the bound has passed.
	 * @param bound how long to poll
	 * @param condition the condition
	 */
	static void awaitUntil(Duration bound, BooleanSupplier condition) {
		assertThat(pollUntil(bound, condition)).as("condition within " + bound).isTrue();
	}

	/**
	 * Poll the condition until it holds or the bound passes.
	 * @param bound how long to poll
	 * @param condition the condition
	 * @return whether it held within the bound
	 */
	static boolean pollUntil(Duration bound, BooleanSupplier condition) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			try {
				Thread.sleep(150);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return true;
	}

	/**
	 * What a test does with the token services of its instances.
	 */
	@FunctionalInterface
	interface Body {

		void accept(List<CrayonTokenService> services) throws Exception;

	}

}
