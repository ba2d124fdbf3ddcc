package com.crayon.token.autoconfigure;

import java.time.Duration;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.health.CrayonHealthContributorAutoConfiguration;
import com.crayon.token.autoconfigure.metrics.CrayonMetricsAutoConfiguration;
import com.crayon.token.autoconfigure.observation.CrayonObservationAutoConfiguration;
import com.crayon.token.health.CrayonTokenHealthIndicator;
import com.crayon.token.observation.CrayonTokenRequestObservationConvention;
import com.crayon.token.observation.DefaultCrayonTokenRequestObservationConvention;
import com.crayon.token.observation.ObservationCrayonTokenListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the operations auto-configurations ({@link CrayonObservationAutoConfiguration},
 * {@link CrayonMetricsAutoConfiguration}, {@link CrayonHealthContributorAutoConfiguration}) and
 * the start-up fetch, with Boot's own observation, metrics and health auto-configurations.
 */
class CrayonOperationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				CodecsAutoConfiguration.class, WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class, CrayonObservationAutoConfiguration.class,
				CrayonMetricsAutoConfiguration.class, CrayonHealthContributorAutoConfiguration.class));

	@Test
	void tokenRequestWhenMicrometerPresentThenTimedAndGaugedInTheApplicationsRegistry() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties()).run((context) -> {
				assertThat(context).hasSingleBean(ObservationCrayonTokenListener.class);
				context.getBean(CrayonTokenService.class).getToken();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(DefaultCrayonTokenRequestObservationConvention.NAME)
					.tags("crayon.client", "default", "trigger", "load", "outcome", "success")
					.timer()
					.count()).isOne();
				assertThat(meters.get("crayon.token.expiry").tag("crayon.client", "default").gauge().value())
					.isBetween(3500.0, 3600.0);
			});
		}
	}

	@Test
	void metersWhenThroughAnOutageThenMatchTheTokenRequestsTheEndpointReceived() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withPropertyValues("crayon.api.token.retry.max-attempts=1", "crayon.api.token.retry.initial-backoff=1ms",
						"crayon.api.token.retry.max-backoff=20ms")
				.run((context) -> {
					CrayonTokenService tokens = context.getBean(CrayonTokenService.class);
					HealthIndicator crayon = context.getBean("crayonHealthIndicator", HealthIndicator.class);
					tokens.getToken();
					endpoint.answer(TokenEndpoint.json(503, "{}"));
					tokens.invalidate(tokens.getToken());
					for (int failures = 1; failures <= 3; failures++) {
						int expected = 1 + failures;
						await().atMost(Duration.ofSeconds(10)).until(() -> {
							catchThrowable(tokens::getToken);
							return endpoint.tokenRequests() >= expected;
						});
						assertThat(crayon.health().getStatus()).isEqualTo(Status.DOWN);
					}
					endpoint.answer(TokenEndpoint.tokenResponse("token-2", 3600));
					await().atMost(Duration.ofSeconds(10))
						.until(() -> catchThrowable(tokens::getToken) == null);
					assertThat(crayon.health().getStatus()).isEqualTo(Status.UP);
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					long successes = timerCount(meters, "success");
					long serverErrors = timerCount(meters, "server-error");
					assertThat(successes + serverErrors).as("one sample per token request received")
						.isEqualTo(endpoint.tokenRequests());
					assertThat(successes).isEqualTo(2);
					assertThat(serverErrors).isEqualTo(endpoint.tokenRequests() - 2);
					assertThat(meters.get("crayon.token.invalidations").counter().count()).isEqualTo(1.0);
				});
		}
	}

	private static long timerCount(MeterRegistry meters, String outcome) {
		return meters.find(DefaultCrayonTokenRequestObservationConvention.NAME)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToLong(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

	@Test
	void tokenRequestWhenConventionBeanDefinedThenItNamesTheObservation() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withBean(CrayonTokenRequestObservationConvention.class,
						() -> new DefaultCrayonTokenRequestObservationConvention() {

							@Override
							public String getName() {
								return "my.crayon.tokens";
							}

						})
				.run((context) -> {
					context.getBean(CrayonTokenService.class).getToken();
					assertThat(context.getBean(MeterRegistry.class).find("my.crayon.tokens").timer()).isNotNull();
				});
		}
	}

	@Test
	void healthWhenActuatorPresentThenContributorNamedCrayonReportsTheToken() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties()).run((context) -> {
				assertThat(context).hasBean("crayonHealthIndicator");
				HealthIndicator crayon = (HealthIndicator) context.getBean(HealthContributorRegistry.class)
					.getContributor("crayon");
				assertThat(crayon).isInstanceOf(CrayonTokenHealthIndicator.class);
				assertThat(crayon.health().getStatus()).isEqualTo(Status.UNKNOWN);
				context.getBean(CrayonTokenService.class).getToken();
				assertThat(crayon.health().getStatus()).isEqualTo(Status.UP);
			});
			assertThat(endpoint.tokenRequests()).isOne();
		}
	}

	@Test
	void healthWhenDisabledThenNoContributor() {
		this.contextRunner.withPropertyValues(TokenEndpoint.crayonApiProperties("https://api.crayon.com"))
			.withPropertyValues("management.health.crayon.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("crayonHealthIndicator"));
	}

	@Test
	void startupWhenFetchOnStartupThenFirstTokenRequestedWithoutACall() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withPropertyValues("crayon.api.fetch-on-startup=true")
				.run((context) -> {
					HealthIndicator crayon = context.getBean("crayonHealthIndicator", HealthIndicator.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> crayon.health().getStatus(), Status.UP::equals);
				});
			assertThat(endpoint.tokenRequests()).isOne();
		}
	}

	@Test
	void startupWhenFetchOnStartupFailsThenApplicationRunsAndHealthIsDown() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withPropertyValues("crayon.api.fetch-on-startup=true")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					HealthIndicator crayon = context.getBean("crayonHealthIndicator", HealthIndicator.class);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> crayon.health().getStatus(), Status.DOWN::equals);
					assertThat(crayon.health().getDetails()).containsEntry("status", 400);
				});
		}
	}

	@Test
	void startupWhenNoFetchOnStartupThenNothingRequested() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.run((context) -> assertThat(context).doesNotHaveBean(CrayonTokenWarmUp.class));
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void autoConfigurationWhenMicrometerAndHealthAbsentThenStarterWorksWithoutThem() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			new ApplicationContextRunner()
				.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
				.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
						ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
						WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
						CrayonWebClientAutoConfiguration.class, CrayonObservationAutoConfiguration.class,
						CrayonMetricsAutoConfiguration.class, CrayonHealthContributorAutoConfiguration.class))
				.withPropertyValues(endpoint.crayonApiProperties())
				.withClassLoader(new FilteredClassLoader(ObservationRegistry.class, MeterRegistry.class,
						HealthIndicator.class))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(ObservationCrayonTokenListener.class);
					assertThat(context).doesNotHaveBean("crayonHealthIndicator");
					assertThat(context.getBean(CrayonTokenService.class).getToken().value()).isEqualTo("token-1");
				});
		}
	}



}
