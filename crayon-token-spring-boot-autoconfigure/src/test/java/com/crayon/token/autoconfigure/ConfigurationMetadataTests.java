package com.crayon.token.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata generated from {@link CrayonApiProperties}: every key is
 * documented, and every key with a default shows it.
 */
class ConfigurationMetadataTests {

	/** Keys that have no default by design: credentials, and a URI derived from base-url. */
	private static final Set<String> WITHOUT_DEFAULT = Set.of("crayon.api.token-uri", "crayon.api.client-id",
			"crayon.api.client-secret", "crayon.api.username", "crayon.api.password", "crayon.api.clients",
			"crayon.api.token.idle-timeout", "crayon.api.token.store-key");

	@Test
	void metadataWhenGeneratedThenEveryKeyHasDescriptionAndDefault() throws Exception {
		JsonNode metadata;
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(input);
		}
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			names.add(name);
			assertThat(property.path("description").asString()).as(name).isNotBlank().endsWith(".");
			if (!WITHOUT_DEFAULT.contains(name)) {
				assertThat(property.has("defaultValue")).as(name + " default").isTrue();
			}
		}
		assertThat(names).contains("crayon.api.enabled", "crayon.api.base-url", "crayon.api.token-uri",
				"crayon.api.client-id", "crayon.api.client-secret", "crayon.api.username", "crayon.api.password",
				"crayon.api.scope", "crayon.api.allow-insecure-http", "crayon.api.http-service-group",
				"crayon.api.token.expiry-margin",
				"crayon.api.token.refresh-before-expiry", "crayon.api.token.timeout",
				"crayon.api.token.retry.max-attempts", "crayon.api.token.retry.initial-backoff",
				"crayon.api.token.retry.max-backoff", "crayon.api.token.retry.credential-backoff",
				"crayon.api.token.retry.max-credential-backoff", "crayon.api.token.fetch-on-startup",
				"management.health.crayon.enabled", "crayon.api.clients", "crayon.api.token.idle-timeout",
				"crayon.api.token.store", "crayon.api.token.store-key", "crayon.api.token.store-timeout",
				"crayon.api.token.store-key-prefix", "crayon.api.reload-on-update", "crayon.api.reload-quiet-period");
	}

}
