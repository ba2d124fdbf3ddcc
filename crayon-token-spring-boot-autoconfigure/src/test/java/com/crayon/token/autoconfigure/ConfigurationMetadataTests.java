package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.redis.RedisCrayonTokenStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata generated from {@link CrayonApiProperties}: every key is
 * documented, every key with a default shows it (the same as the code's), and every moved key
 * points to its replacement.
 */
class ConfigurationMetadataTests {

	/** Keys that have no default by design: credentials, and a URI derived from base-url. */
	private static final Set<String> WITHOUT_DEFAULT = Set.of("crayon.api.token-uri", "crayon.api.client-id",
			"crayon.api.client-secret", "crayon.api.username", "crayon.api.password", "crayon.api.clients",
			"crayon.api.idle-timeout", "crayon.api.store.key");

	@Test
	void metadataWhenGeneratedThenEveryKeyHasDescriptionAndDefault() throws Exception {
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata().get("properties")) {
			String name = property.get("name").asString();
			names.add(name);
			assertThat(property.path("description").asString()).as(name).isNotBlank().endsWith(".");
			if (!WITHOUT_DEFAULT.contains(name) && !property.has("deprecation")) {
				assertThat(property.has("defaultValue")).as(name + " default").isTrue();
			}
		}
		assertThat(names).contains("crayon.api.enabled", "crayon.api.base-url", "crayon.api.token-uri",
				"crayon.api.client-id", "crayon.api.client-secret", "crayon.api.username", "crayon.api.password",
				"crayon.api.scope", "crayon.api.allow-insecure-http", "crayon.api.http-service-group",
				"crayon.api.token.expiry-margin", "crayon.api.token.refresh-before-expiry",
				"crayon.api.token.refresh-jitter", "crayon.api.token.timeout", "crayon.api.token.retry.max-attempts",
				"crayon.api.token.retry.initial-backoff", "crayon.api.token.retry.max-backoff",
				"crayon.api.token.retry.credential-backoff", "crayon.api.token.retry.max-credential-backoff",
				"crayon.api.fetch-on-startup", "management.health.crayon.enabled", "crayon.api.clients",
				"crayon.api.idle-timeout", "crayon.api.max-concurrent-token-requests", "crayon.api.store.type",
				"crayon.api.store.key", "crayon.api.store.timeout", "crayon.api.store.key-prefix",
				"crayon.api.reload-on-update", "crayon.api.reload-quiet-period");
	}

	@Test
	void metadataWhenDefaultLivesInTheCodeThenShowsTheCodesValue() throws Exception {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("crayon.api.base-url", CrayonClientSettings.DEFAULT_BASE_URL);
		defaults.put("crayon.api.scope", CrayonCredentials.DEFAULT_SCOPE);
		defaults.put("crayon.api.token.expiry-margin", CrayonClientSettings.DEFAULT_EXPIRY_MARGIN);
		defaults.put("crayon.api.token.refresh-before-expiry", CrayonClientSettings.DEFAULT_REFRESH_BEFORE_EXPIRY);
		defaults.put("crayon.api.token.refresh-jitter", CrayonClientSettings.DEFAULT_REFRESH_JITTER);
		defaults.put("crayon.api.token.timeout", CrayonClientSettings.DEFAULT_TIMEOUT);
		defaults.put("crayon.api.token.retry.max-attempts", CrayonClientSettings.DEFAULT_MAX_ATTEMPTS);
		defaults.put("crayon.api.token.retry.initial-backoff", CrayonClientSettings.DEFAULT_INITIAL_BACKOFF);
		defaults.put("crayon.api.token.retry.max-backoff", CrayonClientSettings.DEFAULT_MAX_BACKOFF);
		defaults.put("crayon.api.token.retry.credential-backoff", CrayonClientSettings.DEFAULT_CREDENTIAL_BACKOFF);
		defaults.put("crayon.api.token.retry.max-credential-backoff",
				CrayonClientSettings.DEFAULT_MAX_CREDENTIAL_BACKOFF);
		defaults.put("crayon.api.max-concurrent-token-requests", CrayonClientRegistry.DEFAULT_MAX_CONCURRENT_REQUESTS);
		defaults.put("crayon.api.store.key-prefix", RedisCrayonTokenStore.DEFAULT_KEY_PREFIX);
		Map<String, JsonNode> properties = properties(metadata());
		defaults.forEach((name, expected) -> {
			JsonNode shown = properties.get(name).get("defaultValue");
			Object value = (expected instanceof Duration) ? DurationStyle.detectAndParse(shown.asString())
					: (expected instanceof Integer) ? shown.asInt() : shown.asString();
			assertThat(value).as(name).isEqualTo(expected);
		});
	}

	@Test
	void metadataWhenKeyMovedThenDeprecatedWithAReplacementThatExists() throws Exception {
		Map<String, String> moved = Map.of("crayon.api.token.store", "crayon.api.store.type",
				"crayon.api.token.store-key", "crayon.api.store.key", "crayon.api.token.store-key-prefix",
				"crayon.api.store.key-prefix", "crayon.api.token.store-timeout", "crayon.api.store.timeout",
				"crayon.api.token.fetch-on-startup", "crayon.api.fetch-on-startup", "crayon.api.token.idle-timeout",
				"crayon.api.idle-timeout", "crayon.api.token.max-concurrent-requests",
				"crayon.api.max-concurrent-token-requests");
		Map<String, JsonNode> properties = properties(metadata());
		moved.forEach((old, replacement) -> {
			JsonNode deprecation = properties.get(old).get("deprecation");
			assertThat(deprecation.get("level").asString()).as(old).isEqualTo("error");
			assertThat(deprecation.get("replacement").asString()).as(old).isEqualTo(replacement);
			assertThat(properties.get(replacement).has("deprecation")).as(replacement).isFalse();
			assertThat(properties.get(replacement).get("type")).as(replacement)
				.isEqualTo(properties.get(old).get("type"));
		});
	}

	private static Map<String, JsonNode> properties(JsonNode metadata) {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		metadata.get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		return properties;
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonMapper.builder().build().readTree(input);
		}
	}

}
