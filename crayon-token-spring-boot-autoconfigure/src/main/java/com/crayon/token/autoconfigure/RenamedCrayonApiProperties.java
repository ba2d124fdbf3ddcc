package com.crayon.token.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The {@code crayon.api.*} keys that were renamed before 0.1.0: one still set fails start-up
 * naming its new key, rather than being ignored (a forgotten {@code crayon.api.token.store=redis}
 * would otherwise silently share nothing).
 */
final class RenamedCrayonApiProperties {

	private static final Map<String, String> RENAMED = new LinkedHashMap<>();

	static {
		RENAMED.put("crayon.api.token.store", "crayon.api.store.type");
		RENAMED.put("crayon.api.token.store-key", "crayon.api.store.key");
		RENAMED.put("crayon.api.token.store-key-prefix", "crayon.api.store.key-prefix");
		RENAMED.put("crayon.api.token.store-timeout", "crayon.api.store.timeout");
		RENAMED.put("crayon.api.token.fetch-on-startup", "crayon.api.fetch-on-startup");
		RENAMED.put("crayon.api.token.idle-timeout", "crayon.api.idle-timeout");
		RENAMED.put("crayon.api.token.max-concurrent-requests", "crayon.api.max-concurrent-token-requests");
	}

	private RenamedCrayonApiProperties() {
	}

	/**
	 * Fail if the environment sets a renamed key, in any of its relaxed forms.
	 * @param environment the environment
	 * @throws InvalidCrayonApiPropertiesException naming each renamed key set and its new key
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		List<String> problems = new ArrayList<>();
		RENAMED.forEach((old, renamed) -> {
			if (binder.bind(old, String.class).isBound()) {
				problems.add(old + " was renamed to " + renamed + "; set " + renamed + " instead");
			}
		});
		if (!problems.isEmpty()) {
			throw new InvalidCrayonApiPropertiesException(List.of(), List.of(), problems);
		}
	}

}
