package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Gives the configured clients of a {@link CrayonClientRegistry} what the {@code crayon.api.*}
 * properties say now: each client of the new configuration is
 * {@linkplain CrayonClientRegistry#configure configured} (new credentials or another endpoint
 * rotate it, other settings apply from its next token request), each client the properties
 * configured before and no longer do is removed, and clients registered at run time are left
 * alone. A configuration that cannot work changes nothing; keys that apply only at start-up say
 * so.
 */
public final class CrayonClientsRebinder {

	private static final Log logger = LogFactory.getLog(CrayonClientsRebinder.class);

	private final CrayonClientRegistry registry;

	/** The clients the properties configured when last applied. */
	private Set<String> names;

	/** The start-up-only values last seen, by key. */
	private Map<String, @Nullable Object> startUpOnly;

	/**
	 * Create a rebinder of the clients the given properties configured.
	 * @param registry the registry built from those properties
	 * @param properties the properties bound at start-up
	 */
	public CrayonClientsRebinder(CrayonClientRegistry registry, CrayonApiProperties properties) {
		this.registry = registry;
		this.names = configuredNames(properties);
		this.startUpOnly = startUpOnly(properties);
	}

	/**
	 * Bind {@code crayon.api.*} afresh from the environment and apply it to the registry.
	 * @param environment the application's environment
	 * @return {@code true} if the new configuration was valid and applied
	 */
	public boolean rebind(Environment environment) {
		return rebind(Binder.get(environment));
	}

	/**
	 * Bind {@code crayon.api.*} afresh and apply it to the registry.
	 * @param binder the binder of the new configuration
	 * @return {@code true} if the new configuration was valid and applied
	 */
	synchronized boolean rebind(Binder binder) {
		Map<String, ConfiguredClient> clients;
		CrayonApiProperties properties;
		try {
			properties = bind(binder);
			clients = clients(properties);
		}
		catch (RuntimeException ex) {
			logger.warn("The changed crayon.api.* properties are not applied, every client keeps its configuration: "
					+ problem(ex));
			return false;
		}
		warnOfStartUpOnlyChanges(properties);
		Set<String> configured = new LinkedHashSet<>();
		List<String> refused = new ArrayList<>();
		clients.forEach((name, client) -> {
			try {
				this.registry.configure(name, client.settings(), client.credentials());
				configured.add(name);
			}
			catch (IllegalStateException ex) {
				// a client registered at run time, or one whose token service is the application's own
				refused.add(ex.getMessage());
			}
		});
		this.names.stream().filter((name) -> !clients.containsKey(name)).forEach(this.registry::remove);
		this.names = Set.copyOf(configured);
		if (!refused.isEmpty()) {
			logger.warn("The changed crayon.api.* properties are applied, except: " + String.join("; ", refused));
		}
		return true;
	}

	/**
	 * Return a fresh binding of {@code crayon.api.*}.
	 * @param binder the binder
	 * @return the properties, with their defaults where nothing is bound
	 */
	static CrayonApiProperties bind(Binder binder) {
		return binder.bindOrCreate("crayon.api", CrayonApiProperties.class);
	}

	/**
	 * Return the clients the properties configure, by name, each with its settings and
	 * credentials, once the properties have been checked.
	 * @param properties the bound properties
	 * @return the clients, in configuration order
	 * @throws InvalidCrayonApiPropertiesException if the properties cannot work
	 * @throws IllegalArgumentException if a client's settings or credentials are out of range
	 */
	static Map<String, ConfiguredClient> clients(CrayonApiProperties properties) {
		CrayonApiPropertiesValidator.validate(properties);
		Map<String, ConfiguredClient> mapped = new LinkedHashMap<>();
		new CrayonClientSettingsMapper(properties).clients()
			.forEach((client) -> mapped.put(client.name(), new ConfiguredClient(client.settings(), client.credentials())));
		return mapped;
	}

	/**
	 * Return the values the application uses only as it starts (the store, the shared cache, the
	 * beans built once), by key.
	 * @param properties the bound properties
	 * @return the values
	 */
	static Map<String, @Nullable Object> startUpOnly(CrayonApiProperties properties) {
		CrayonApiProperties.Store store = properties.getStore();
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("crayon.api.enabled", properties.isEnabled());
		values.put("crayon.api.http-service-group", properties.getHttpServiceGroup());
		values.put("crayon.api.reload-on-update", properties.isReloadOnUpdate());
		values.put("crayon.api.reload-quiet-period", properties.getReloadQuietPeriod());
		values.put("crayon.api.store.type", store.getType());
		values.put("crayon.api.store.key", store.getKey());
		values.put("crayon.api.store.key-prefix", store.getKeyPrefix());
		values.put("crayon.api.store.timeout", store.getTimeout());
		values.put("crayon.api.idle-timeout", properties.getIdleTimeout());
		values.put("crayon.api.max-concurrent-token-requests", properties.getMaxConcurrentTokenRequests());
		return values;
	}

	private static Set<String> configuredNames(CrayonApiProperties properties) {
		try {
			return Set.copyOf(clients(properties).keySet());
		}
		catch (RuntimeException ex) {
			// the registry was not built from these properties (the application has a token service of its own)
			return Set.of();
		}
	}

	private void warnOfStartUpOnlyChanges(CrayonApiProperties properties) {
		Map<String, @Nullable Object> now = startUpOnly(properties);
		List<String> changed = now.keySet()
			.stream()
			.filter((key) -> !Objects.equals(now.get(key), this.startUpOnly.get(key)))
			.toList();
		this.startUpOnly = now;
		if (!changed.isEmpty()) {
			logger.warn(String.join(", ", changed) + " changed, but cannot change while the application runs: "
					+ "restart it to apply " + ((changed.size() == 1) ? "this key" : "these keys"));
		}
	}

	/**
	 * Describe what is wrong with a new configuration, naming keys, never a value.
	 */
	private static String problem(RuntimeException ex) {
		if (ex instanceof BindException bind) {
			return (bind.getProperty() != null) ? bind.getProperty().getName() + " cannot be bound"
					: bind.getName() + " cannot be bound";
		}
		return String.valueOf(ex.getMessage());
	}

	/**
	 * A client as the properties configure it.
	 * @param settings its endpoint and timings
	 * @param credentials its credentials
	 */
	record ConfiguredClient(CrayonClientSettings settings, CrayonCredentials credentials) {

	}

}
