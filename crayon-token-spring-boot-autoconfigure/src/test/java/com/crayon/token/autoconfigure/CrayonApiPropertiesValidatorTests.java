package com.crayon.token.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link CrayonApiPropertiesValidator}.
 */
class CrayonApiPropertiesValidatorTests {

	private static final String[] CREDENTIALS = { "crayon.api.client-id=test-client",
			"crayon.api.client-secret=test-secret", "crayon.api.username=test-user",
			"crayon.api.password=test-password" };

	@Test
	void validateWhenCredentialsSetThenPasses() {
		assertThatNoException().isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS)));
	}

	@Test
	void validateWhenCredentialsMissingOrBlankThenNamesEachMissingKey() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator
				.validate(bind("crayon.api.client-id=test-client", "crayon.api.password= ", "crayon.api.scope=")))
			.withMessage("crayon.api.client-secret, crayon.api.username, crayon.api.password, crayon.api.scope "
					+ "must be set")
			.satisfies((ex) -> assertThat(ex.getMissingKeys()).containsExactly("crayon.api.client-secret",
					"crayon.api.username", "crayon.api.password", "crayon.api.scope"));
	}

	@Test
	void validateWhenBaseUrlBlankThenOnlyNamedAsMissing() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS, "crayon.api.base-url=")))
			.withMessage("crayon.api.base-url must be set");
	}

	@Test
	void validateWhenCredentialIsAnUnresolvedPlaceholderThenNamesTheKeyAndTheVariable() {
		// application.yml's ${CRAYON_CLIENT_SECRET} with the variable unset: Boot keeps the text as the value
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind("crayon.api.client-id=test-client",
					"crayon.api.client-secret=${CRAYON_TEST_UNSET_CLIENT_SECRET}", "crayon.api.username=user",
					"crayon.api.password=pre-${CRAYON_TEST_UNSET_PASSWORD:}${CRAYON_TEST_UNSET_PEPPER}")))
			.withMessageContaining("crayon.api.client-secret holds the placeholder ${CRAYON_TEST_UNSET_CLIENT_SECRET}")
			.withMessageContaining("crayon.api.password holds the placeholder ${CRAYON_TEST_UNSET_PEPPER}")
			.withMessageNotContaining("pre-");
	}

	@Test
	void validateWhenSettingsBreakARuleThenEachViolationNamesTheClientsKeys() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.token.refresh-before-expiry=20s", "crayon.api.clients.demo.username=demo-user",
					"crayon.api.clients.demo.token.refresh-before-expiry=2m",
					"crayon.api.clients.demo.token.expiry-margin=3m")))
			.withMessageContaining("crayon.api.token.refresh-before-expiry (PT20S) must be greater than "
					+ "crayon.api.token.expiry-margin (PT30S), or tokens would never be refreshed in the background")
			.withMessageContaining("crayon.api.clients.demo.token.refresh-before-expiry (PT2M) must be greater than "
					+ "crayon.api.clients.demo.token.expiry-margin (PT3M)")
			.withMessageNotContaining("refreshBeforeExpiry");
	}

	@Test
	void validateWhenInitialBackoffAboveMaxBackoffThenNamesBothKeysOfEachClient() {
		// the default initial backoff (200 ms) with a lower maximum: Reactor's jitter would fail every retry
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.token.retry.max-backoff=1ms", "crayon.api.clients.partner.username=partner-user",
					"crayon.api.clients.partner.password=pw",
					"crayon.api.clients.partner.token.retry.credential-backoff=2h")))
			.withMessageContaining("crayon.api.token.retry.initial-backoff (PT0.2S) must not be greater than "
					+ "crayon.api.token.retry.max-backoff (PT0.001S)")
			.withMessageContaining("crayon.api.clients.partner.token.retry.credential-backoff (PT2H) must not be "
					+ "greater than crayon.api.clients.partner.token.retry.max-credential-backoff (PT30M)");
	}

	@Test
	void validateWhenDurationNotPositiveOrAttemptsBelowOneThenNamesTheKey() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS, "crayon.api.token.timeout=0s",
					"crayon.api.token.retry.max-attempts=0")))
			.withMessage("crayon.api.token.timeout must be positive, got PT0S; "
					+ "crayon.api.token.retry.max-attempts must be at least 1, got 0");
	}

	@Test
	void validateWhenNamedClientsRefreshJitterNegativeThenNamesItsKey() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.clients.demo.username=demo-user", "crayon.api.clients.demo.token.refresh-jitter=-1s")))
			.withMessage("crayon.api.clients.demo.token.refresh-jitter must not be negative");
	}

	@ParameterizedTest(name = "token-uri={0}")
	@ValueSource(strings = { "/api/v1/connect/token", "api.crayon.com/api/v1/connect/token",
			"ftp://api.crayon.com/token" })
	void validateWhenTokenUriRelativeOrNotHttpThenNamesTheKey(String tokenUri) {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator
				.validate(bind(CREDENTIALS, "crayon.api.token-uri=" + tokenUri)))
			.withMessage("crayon.api.token-uri must be an absolute http or https URL, got '" + tokenUri + "'");
	}

	@Test
	void validateWhenBaseUrlNotHttpThenNamesTheBaseUrlAloneNotTheTokenUriBelowIt() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.base-url=ftp://api.crayon.com")))
			.withMessage("crayon.api.base-url must be an absolute http or https URL, got 'ftp://api.crayon.com'");
	}

	@Test
	void validateWhenBaseUrlNotAUriThenNamesIt() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.base-url=https://api crayon.com")))
			.withMessage("crayon.api.base-url must be a URI, got 'https://api crayon.com'");
	}

	@ParameterizedTest(name = "host={0}")
	@ValueSource(strings = { "api.crayon.com", "127.example.com", "127.0.0.1.example.com", "localhost.example.com",
			"api.localhost" })
	void validateWhenPlainHttpToHostThatIsNotLoopbackThenNamesTheKey(String host) {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
					"crayon.api.base-url=http://" + host + ":8080")))
			.withMessage("crayon.api.base-url must use https (or set crayon.api.allow-insecure-http=true)");
	}

	@ParameterizedTest(name = "host={0}")
	@ValueSource(strings = { "localhost", "127.0.0.1", "127.1.2.3", "[::1]" })
	void validateWhenPlainHttpToLoopbackThenPasses(String host) {
		assertThatNoException().isThrownBy(() -> CrayonApiPropertiesValidator
			.validate(bind(CREDENTIALS, "crayon.api.base-url=http://" + host + ":8080")));
	}

	@Test
	void validateWhenPlainHttpAllowedThenPasses() {
		assertThatNoException().isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(CREDENTIALS,
				"crayon.api.token-uri=http://idp.example.com/token", "crayon.api.allow-insecure-http=true")));
	}

	@Test
	void validateWhenNamedClientHasItsOwnBaseUrlThenTheTopLevelTokenUriIsNotItsToCheck() {
		assertThatNoException().isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind(
				"crayon.api.token-uri=http://idp.example.com/token", "crayon.api.client-id=shared",
				"crayon.api.client-secret=shared-secret", "crayon.api.clients.demo.base-url=https://demoapi.crayon.com",
				"crayon.api.clients.demo.username=u", "crayon.api.clients.demo.password=p")));
	}

	@Test
	void validateWhenSeveralClientsHaveProblemsThenAllAreCollectedInOneException() {
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validate(bind("crayon.api.client-id=shared",
					"crayon.api.client-secret=shared-secret", "crayon.api.clients.prod.username=alice",
					"crayon.api.clients.demo.username=bob", "crayon.api.clients.demo.password=pw",
					"crayon.api.clients.demo.base-url=http://demoapi.crayon.com",
					"crayon.api.clients.demo.token.timeout=-1s")))
			.satisfies((ex) -> {
				assertThat(ex.getMissingKeys()).containsExactly("crayon.api.clients.prod.password");
				assertThat(ex.getInsecureKeys()).containsExactly("crayon.api.clients.demo.base-url");
				assertThat(ex.getInvalidValues())
					.containsExactly("crayon.api.clients.demo.token.timeout must be positive, got PT-1S");
			});
	}

	@Test
	void validateEndpointsWhenOnlyTheEndpointsAreUsedThenCredentialsAndTimingsAreNotChecked() {
		assertThatNoException().isThrownBy(() -> CrayonApiPropertiesValidator
			.validateEndpoints(bind("crayon.api.token.timeout=0s", "crayon.api.scope=")));
		assertThatExceptionOfType(InvalidCrayonApiPropertiesException.class)
			.isThrownBy(() -> CrayonApiPropertiesValidator.validateEndpoints(bind("crayon.api.token.timeout=0s",
					"crayon.api.base-url=http://api.crayon.com", "crayon.api.token-uri=/token")))
			.withMessage("crayon.api.base-url must use https (or set crayon.api.allow-insecure-http=true); "
					+ "crayon.api.token-uri must be an absolute http or https URL, got '/token'");
	}

	@Test
	void isLoopbackWhenLoopbackLiteralOrLocalhostThenTrueAndNeverForAName() {
		assertThat(CrayonApiPropertiesValidator.isLoopback("LOCALHOST")).isTrue();
		assertThat(CrayonApiPropertiesValidator.isLoopback("127.255.0.1")).isTrue();
		assertThat(CrayonApiPropertiesValidator.isLoopback("[::1]")).isTrue();
		assertThat(CrayonApiPropertiesValidator.isLoopback("127.0.0.256")).isFalse();
		assertThat(CrayonApiPropertiesValidator.isLoopback("10.0.0.1")).isFalse();
		assertThat(CrayonApiPropertiesValidator.isLoopback("localhost.example.com")).isFalse();
	}

	static CrayonApiProperties bind(String[] first, String... more) {
		String[] all = new String[first.length + more.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return bind(all);
	}

	static CrayonApiProperties bind(String... pairs) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("crayon.api",
				CrayonApiProperties.class);
	}

}
