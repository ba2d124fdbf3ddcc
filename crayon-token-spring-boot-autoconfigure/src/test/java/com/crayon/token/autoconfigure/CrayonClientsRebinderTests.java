package com.crayon.token.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import com.crayon.token.CapturedLogs;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientRegistryBuilder;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.TokenServiceSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new binding of {@code crayon.api.*} applied to the clients it configured before: what
 * changes, what is refused, and what is said. No token is requested here.
 */
class CrayonClientsRebinderTests {

	private final Map<String, String> configuration = new LinkedHashMap<>(Map.of("crayon.api.base-url",
			"https://api.crayon.com", "crayon.api.client-id", "id", "crayon.api.client-secret", "secret",
			"crayon.api.username", "user", "crayon.api.password", "password"));

	@Test
	void rebindWhenValueCannotBeBoundThenWarnsNamingTheKeyAndNothingChanges() {
		CrayonClientRegistry registry = registry();
		CrayonClientsRebinder rebinder = new CrayonClientsRebinder(registry, properties());
		this.configuration.put("crayon.api.token.timeout", "ten seconds");
		this.configuration.put("crayon.api.password", "changed-password");
		try (CapturedLogs logs = new CapturedLogs(CrayonClientsRebinder.class.getName(), Level.INFO)) {
			assertThat(rebinder.rebind(binder())).isFalse();
			assertThat(logs.at(Level.WARN)).singleElement()
				.asString()
				.contains("crayon.api.token.timeout cannot be bound")
				.doesNotContain("ten seconds", "changed-password");
		}
		assertThat(registry.updateCredentials("default", CrayonCredentials.of("id", "secret", "user", "password")))
			.as("the old credentials are still the client's")
			.isFalse();
	}

	@Test
	void rebindWhenValidThenConfiguresAddsAndRemovesOnlyWhatThePropertiesConfigured() {
		this.configuration.remove("crayon.api.username");
		this.configuration.put("crayon.api.clients.alpha.username", "alpha");
		this.configuration.put("crayon.api.clients.beta.username", "beta");
		CrayonClientRegistry registry = registry();
		registry.configure("from-code", CrayonClientSettings.of("https://api.crayon.com"),
				CrayonCredentials.of("id", "secret", "code", "password"));
		CrayonClientsRebinder rebinder = new CrayonClientsRebinder(registry, properties());
		CrayonTokenService alpha = registry.get("alpha");
		this.configuration.remove("crayon.api.clients.beta.username");
		this.configuration.put("crayon.api.clients.alpha.token.retry.max-attempts", "5");

		assertThat(rebinder.rebind(binder())).isTrue();

		assertThat(registry.configuredNames()).containsExactly("alpha", "from-code");
		assertThat(registry.get("alpha")).isSameAs(alpha);
		assertThat(TokenServiceSettings.of(alpha).maxAttempts()).isEqualTo(5);
	}

	@Test
	void rebindWhenApplicationOwnsTheTokenServiceThenWarnsAndLeavesIt() {
		CrayonTokenService own = CrayonClientRegistry.tokenService(CrayonClientSettings.of("https://api.crayon.com"),
				CrayonCredentials.of("id", "secret", "user", "password"));
		CrayonClientRegistry registry = CrayonClientRegistry.builder()
			.client(CrayonClientRegistry.DEFAULT_CLIENT, own, "https://api.crayon.com")
			.build();
		CrayonClientsRebinder rebinder = new CrayonClientsRebinder(registry, properties());
		this.configuration.put("crayon.api.password", "changed-password");
		try (CapturedLogs logs = new CapturedLogs(CrayonClientsRebinder.class.getName(), Level.INFO)) {
			rebinder.rebind(binder());
			assertThat(logs.at(Level.WARN)).singleElement()
				.asString()
				.contains("'default' has a token service of the application's own")
				.doesNotContain("changed-password");
		}
		assertThat(registry.get(CrayonClientRegistry.DEFAULT_CLIENT)).isSameAs(own);
	}

	@Test
	void startUpOnlyWhenKeysNamedThenEachIsADocumentedProperty() throws Exception {
		JsonNode metadata;
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(input);
		}
		List<String> names = new ArrayList<>();
		metadata.get("properties").forEach((property) -> names.add(property.get("name").asString()));
		assertThat(CrayonClientsRebinder.startUpOnly(properties()).keySet()).hasSize(10).allMatch(names::contains);
	}

	private CrayonClientRegistry registry() {
		CrayonClientRegistryBuilder builder = CrayonClientRegistry.builder();
		CrayonClientsRebinder.clients(properties())
			.forEach((name, client) -> builder.client(name, client.settings(), client.credentials()));
		return builder.build();
	}

	private CrayonApiProperties properties() {
		return CrayonClientsRebinder.bind(binder());
	}

	private Binder binder() {
		return new Binder(new MapConfigurationPropertySource(this.configuration));
	}

}
