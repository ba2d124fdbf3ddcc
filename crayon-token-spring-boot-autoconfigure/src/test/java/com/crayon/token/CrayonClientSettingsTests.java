package com.crayon.token;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The settings of a client: their defaults, their rules, and how a broken rule names its settings.
 */
class CrayonClientSettingsTests {

	@Test
	void ofWhenOnlyBaseUrlThenEveryDefaultAndTheTokenEndpointBelowIt() {
		CrayonClientSettings settings = CrayonClientSettings.of("https://api.crayon.com/");
		assertThat(settings.tokenUri()).hasToString("https://api.crayon.com/api/v1/connect/token");
		assertThat(settings.expiryMargin()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.refreshBeforeExpiry()).isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.refreshJitter()).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.maxAttempts()).isEqualTo(3);
		assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(200));
		assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.credentialBackoff()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.maxCredentialBackoff()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void builderWhenBaseUrlChangesThenTokenEndpointFollowsUnlessSetOfItsOwn() {
		assertThat(CrayonClientSettings.builder("https://a.example").baseUrl("https://b.example").build().tokenUri())
			.hasToString("https://b.example/api/v1/connect/token");
		CrayonClientSettings own = CrayonClientSettings.builder("https://a.example")
			.tokenUri("https://login.example/token")
			.baseUrl("https://b.example")
			.build();
		assertThat(own.tokenUri()).hasToString("https://login.example/token");
		assertThat(own.mutate().timeout(Duration.ofSeconds(1)).build().tokenUri()).as("mutate keeps it")
			.hasToString("https://login.example/token");
	}

	@Test
	void requestBoundWhenEveryAttemptTimesOutThenAttemptsTimesTimeoutPlusTwoMaxBackoffsBetweenThem() {
		CrayonClientSettings settings = CrayonClientSettings.builder("https://api.crayon.com")
			.timeout(Duration.ofSeconds(10))
			.retry(3, Duration.ofMillis(200), Duration.ofSeconds(5))
			.build();
		assertThat(settings.requestBound()).isEqualTo(Duration.ofSeconds(30 + 20));
	}

	@Test
	void marginForWhenLifetimeShortThenAtMostAQuarterOfIt() {
		CrayonClientSettings settings = CrayonClientSettings.of("https://api.crayon.com");
		assertThat(settings.marginFor(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.marginFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void buildWhenRulesBrokenThenOneMessageNamesEverySetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> CrayonClientSettings.builder("https://api.crayon.com")
			.refreshBeforeExpiry(Duration.ofSeconds(20))
			.credentialBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1))
			.build())
			.withMessageContaining("refreshBeforeExpiry (PT20S) must be greater than expiryMargin (PT30S)")
			.withMessageContaining("credentialBackoff (PT5M) must not be greater than maxCredentialBackoff (PT1M)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CrayonClientSettings.builder("ftp://api.crayon.com").build())
			.withMessageContaining("baseUrl must be an absolute http or https URL");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CrayonClientSettings.builder("https://api.crayon.com").retry(0, Duration.ofMillis(1),
					Duration.ofMillis(1)).build())
			.withMessageContaining("maxAttempts must be at least 1");
	}

	@Test
	void violationsWhenRuleBrokenThenDescribedWithTheCallersNamesForEachSetting() {
		List<CrayonClientSettings.Violation> violations = CrayonClientSettings.builder("https://api.crayon.com")
			.retry(3, Duration.ofSeconds(10), Duration.ofSeconds(1))
			.violations();
		assertThat(violations).singleElement().satisfies((violation) -> {
			assertThat(violation.settings()).containsExactly("initialBackoff", "maxBackoff");
			assertThat(violation.describe((name) -> "crayon.api.token.retry." + name))
				.isEqualTo("crayon.api.token.retry.initialBackoff (PT10S) must not be greater than "
						+ "crayon.api.token.retry.maxBackoff (PT1S)");
		});
		assertThat(CrayonClientSettings.builder("https://api.crayon.com").violations()).isEmpty();
	}

}
