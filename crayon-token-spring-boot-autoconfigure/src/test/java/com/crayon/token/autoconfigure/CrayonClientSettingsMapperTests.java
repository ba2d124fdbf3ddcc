package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.List;

import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import org.junit.jupiter.api.Test;

import static com.crayon.token.autoconfigure.CrayonApiPropertiesValidatorTests.bind;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrayonClientSettingsMapper}.
 */
class CrayonClientSettingsMapperTests {

	private static final String[] CREDENTIALS = { "crayon.api.client-id=top-client",
			"crayon.api.client-secret=top-secret", "crayon.api.username=top-user", "crayon.api.password=top-password" };

	@Test
	void clientsWhenOnlyTopLevelCredentialsThenOneDefaultClientWithEveryDefault() {
		List<CrayonClientSettingsMapper.Client> clients = mapper(CREDENTIALS).clients();
		assertThat(clients).singleElement().satisfies((client) -> {
			assertThat(client.name()).isEqualTo("default");
			assertThat(client.settings()).isEqualTo(CrayonClientSettings.of(CrayonClientSettings.DEFAULT_BASE_URL));
			assertThat(client.credentials())
				.isEqualTo(CrayonCredentials.of("top-client", "top-secret", "top-user", "top-password"));
			assertThat(client.credentials().scope()).isEqualTo(CrayonCredentials.DEFAULT_SCOPE);
		});
	}

	@Test
	void clientsWhenTopLevelSetsEverySettingThenTheDefaultClientHasThem() {
		CrayonClientSettings settings = mapper(CREDENTIALS, "crayon.api.base-url=https://demoapi.crayon.com",
				"crayon.api.token-uri=https://idp.crayon.com/token", "crayon.api.token.expiry-margin=1m",
				"crayon.api.token.refresh-before-expiry=10m", "crayon.api.token.refresh-jitter=0s",
				"crayon.api.token.timeout=3s", "crayon.api.token.retry.max-attempts=5",
				"crayon.api.token.retry.initial-backoff=1s", "crayon.api.token.retry.max-backoff=30s",
				"crayon.api.token.retry.credential-backoff=2m", "crayon.api.token.retry.max-credential-backoff=1h")
			.clients()
			.get(0)
			.settings();
		assertThat(settings).isEqualTo(CrayonClientSettings.builder("https://demoapi.crayon.com")
			.tokenUri("https://idp.crayon.com/token")
			.expiryMargin(Duration.ofMinutes(1))
			.refreshBeforeExpiry(Duration.ofMinutes(10))
			.refreshJitter(Duration.ZERO)
			.timeout(Duration.ofSeconds(3))
			.retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30))
			.credentialBackoff(Duration.ofMinutes(2), Duration.ofHours(1))
			.build());
	}

	@Test
	void clientsWhenNamedClientLeavesAKeyUnsetThenTheTopLevelsValueElseTheDefault() {
		CrayonClientSettingsMapper.Client demo = mapper("crayon.api.client-id=shared",
				"crayon.api.client-secret=shared-secret", "crayon.api.scope=Other",
				"crayon.api.token.expiry-margin=1m", "crayon.api.token.retry.max-attempts=5",
				"crayon.api.clients.demo.username=bob", "crayon.api.clients.demo.password=bob-password",
				"crayon.api.clients.demo.token.refresh-jitter=10s",
				"crayon.api.clients.demo.token.retry.max-backoff=1m")
			.clients()
			.get(0);
		assertThat(demo.name()).isEqualTo("demo");
		assertThat(demo.credentials())
			.isEqualTo(CrayonCredentials.of("shared", "shared-secret", "bob", "bob-password").withScope("Other"));
		assertThat(demo.settings()).isEqualTo(CrayonClientSettings.builder(CrayonClientSettings.DEFAULT_BASE_URL)
			.expiryMargin(Duration.ofMinutes(1))
			.refreshJitter(Duration.ofSeconds(10))
			.retry(5, CrayonClientSettings.DEFAULT_INITIAL_BACKOFF, Duration.ofMinutes(1))
			.build());
	}

	@Test
	void clientsWhenNamedClientSetsAKeyThenItsOwnValueWins() {
		CrayonClientSettingsMapper.Client demo = mapper(CREDENTIALS, "crayon.api.token.timeout=3s",
				"crayon.api.clients.demo.username=bob", "crayon.api.clients.demo.scope=Demo",
				"crayon.api.clients.demo.token.timeout=7s")
			.clients()
			.get(1);
		assertThat(demo.name()).isEqualTo("demo");
		assertThat(demo.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(demo.credentials().username()).isEqualTo("bob");
		assertThat(demo.credentials().password()).isEqualTo("top-password");
		assertThat(demo.credentials().scope()).isEqualTo("Demo");
	}

	@Test
	void clientsWhenNamedClientHasItsOwnBaseUrlThenItsTokenUriFollowsItNotTheTopLevelOne() {
		List<CrayonClientSettingsMapper.Client> clients = mapper(CREDENTIALS,
				"crayon.api.token-uri=https://idp.crayon.com/token",
				"crayon.api.clients.demo.base-url=https://demoapi.crayon.com",
				"crayon.api.clients.prod.username=alice")
			.clients();
		assertThat(clients).extracting(CrayonClientSettingsMapper.Client::name)
			.containsExactly("default", "demo", "prod");
		assertThat(clients.get(1).settings().tokenUri()).hasToString("https://demoapi.crayon.com/api/v1/connect/token");
		assertThat(clients.get(2).settings().tokenUri()).hasToString("https://idp.crayon.com/token");
	}

	@Test
	void clientsWhenNamedClientsValueBlankThenTheTopLevelsValue() {
		CrayonClientSettingsMapper.Client demo = mapper(CREDENTIALS, "crayon.api.clients.demo.username=",
				"crayon.api.clients.demo.base-url= ")
			.clients()
			.get(1);
		assertThat(demo.credentials().username()).isEqualTo("top-user");
		assertThat(demo.settings().baseUrl()).isEqualTo(CrayonClientSettings.DEFAULT_BASE_URL);
	}

	@Test
	void sourcesWhenNoNamedClientsThenTheTopLevelOneEvenIncomplete() {
		assertThat(mapper().sources()).singleElement().satisfies((source) -> {
			assertThat(source.name()).isEqualTo("default");
			assertThat(source.key("client-id")).isEqualTo("crayon.api.client-id");
		});
	}

	@Test
	void sourcesWhenNamedClientsAndTopLevelIncompleteThenOnlyTheNamedOnes() {
		assertThat(mapper("crayon.api.client-id=shared", "crayon.api.client-secret=shared-secret",
				"crayon.api.username=top-user", "crayon.api.clients.prod.password=p",
				"crayon.api.clients.demo.password=p")
			.sources()).extracting(CrayonClientSettingsMapper.Source::prefix)
			.containsExactly("crayon.api.clients.prod", "crayon.api.clients.demo");
	}

	@Test
	void sourcesWhenTopLevelCompleteAndNamedClientsThenTheDefaultFirst() {
		assertThat(mapper(CREDENTIALS, "crayon.api.clients.demo.username=bob").sources())
			.extracting(CrayonClientSettingsMapper.Source::name)
			.containsExactly("default", "demo");
	}

	@Test
	void sourcesWhenANamedClientIsCalledDefaultThenItReplacesTheTopLevelOne() {
		assertThat(mapper(CREDENTIALS, "crayon.api.clients.default.username=bob",
				"crayon.api.clients.demo.username=eve")
			.sources()).extracting(CrayonClientSettingsMapper.Source::prefix)
			.containsExactly("crayon.api.clients.default", "crayon.api.clients.demo");
	}

	@Test
	void defaultsWhenNamedClientsSetTheirOwnThenTheTopLevelsSettingsAlone() {
		CrayonClientSettings defaults = mapper("crayon.api.base-url=https://demoapi.crayon.com",
				"crayon.api.token.timeout=3s", "crayon.api.clients.demo.token.timeout=7s",
				"crayon.api.clients.demo.base-url=https://other.crayon.com")
			.defaults();
		assertThat(defaults).isEqualTo(
				CrayonClientSettings.builder("https://demoapi.crayon.com").timeout(Duration.ofSeconds(3)).build());
	}

	@Test
	void baseUrlAndScopeWhenSetBlankAtTheTopLevelThenBlankNotTheDefault() {
		CrayonClientSettingsMapper mapper = mapper("crayon.api.base-url=", "crayon.api.scope=");
		assertThat(mapper.baseUrl(mapper.topLevel())).isEmpty();
		assertThat(mapper.scope(mapper.topLevel())).isEmpty();
	}

	@Test
	void settingsWhenARuleIsBrokenThenTheBuilderReportsItBeforeBuilding() {
		CrayonClientSettingsMapper mapper = mapper(CREDENTIALS, "crayon.api.token.refresh-before-expiry=20s");
		assertThat(mapper.settings(mapper.topLevel()).violations()).singleElement()
			.satisfies((violation) -> assertThat(violation.settings()).containsExactly("refreshBeforeExpiry",
					"expiryMargin"));
	}

	private static CrayonClientSettingsMapper mapper(String[] first, String... more) {
		return new CrayonClientSettingsMapper(bind(first, more));
	}

	private static CrayonClientSettingsMapper mapper(String... pairs) {
		return new CrayonClientSettingsMapper(bind(pairs));
	}

}
