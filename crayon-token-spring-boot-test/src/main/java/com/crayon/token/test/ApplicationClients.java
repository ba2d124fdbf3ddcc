package com.crayon.token.test;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The Crayon clients an application configures, read from its {@code crayon.api.*} properties by
 * the starter's rule: the top-level client exists when there are no named clients, or when all
 * four of its credentials are set and no named client is called {@code default}.
 *
 * @param topLevel whether the application configures the top-level client
 * @param named the names under {@code crayon.api.clients}, in configuration order
 */
record ApplicationClients(boolean topLevel, Set<String> named) {

	private static final String DEFAULT_CLIENT = "default";

	private static final List<String> CREDENTIALS = List.of("client-id", "client-secret", "username", "password");

	ApplicationClients {
		named = Collections.unmodifiableSet(new LinkedHashSet<>(named));
	}

	/**
	 * Return the clients the environment configures, together with further named clients.
	 * @param environment the application's environment
	 * @param extraNames names of named clients to add to those the environment configures
	 * @return the clients
	 */
	static ApplicationClients of(Environment environment, String... extraNames) {
		Set<String> named = new LinkedHashSet<>(Binder.get(environment)
			.bind("crayon.api.clients", Bindable.mapOf(String.class, Object.class))
			.orElseGet(Map::of)
			.keySet());
		for (String name : extraNames) {
			if (StringUtils.hasText(name)) {
				named.add(name);
			}
		}
		boolean topLevelComplete = CREDENTIALS.stream().allMatch((key) -> isSet(environment, "crayon.api." + key));
		return new ApplicationClients(named.isEmpty() || (topLevelComplete && !named.contains(DEFAULT_CLIENT)), named);
	}

	/**
	 * Return whether a property is set in the environment.
	 * @param environment the application's environment
	 * @param name the property, in its canonical form
	 * @return whether it has a value
	 */
	static boolean isSet(Environment environment, String name) {
		return StringUtils.hasText(Binder.get(environment).bind(name, String.class).orElse(null));
	}

}
