package com.crayon.token.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonClientSettingsBuilder;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.autoconfigure.CrayonClientProperties.Retry;
import com.crayon.token.autoconfigure.CrayonClientProperties.Token;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.StringUtils;

/**
 * Maps the bound {@link CrayonApiProperties} to the clients they configure, each with its
 * {@link CrayonClientSettings} and {@link CrayonCredentials}: a key a named client leaves unset
 * comes from the top level, and one unset there from the defaults of those two types.
 */
final class CrayonClientSettingsMapper {

	private static final String PREFIX = "crayon.api";

	private final CrayonApiProperties properties;

	CrayonClientSettingsMapper(CrayonApiProperties properties) {
		this.properties = properties;
	}

	/**
	 * Return every configured client, mapped.
	 * @return the clients, in configuration order
	 * @throws IllegalArgumentException if a client's settings or credentials are incomplete or
	 * out of range (checked first by {@link CrayonApiPropertiesValidator})
	 */
	List<Client> clients() {
		return sources().stream()
			.map((source) -> new Client(source.name(), settings(source).build(), credentials(source)))
			.toList();
	}

	/**
	 * Return the top level's settings, for clients registered at run time with their credentials
	 * alone.
	 * @return the settings
	 */
	CrayonClientSettings defaults() {
		return settings(topLevel()).build();
	}

	/**
	 * Return the configured clients, unmapped: the top-level one, named
	 * {@value CrayonClientRegistry#DEFAULT_CLIENT}, when there are no named clients or when all
	 * four of its credentials are set and no named client has its name; then each named client.
	 * @return the clients, in configuration order
	 */
	List<Source> sources() {
		Map<String, CrayonClientProperties> named = this.properties.getClients();
		List<Source> sources = new ArrayList<>();
		boolean defaultNamed = named.containsKey(CrayonClientRegistry.DEFAULT_CLIENT);
		if (named.isEmpty() || (hasCredentials(this.properties) && !defaultNamed)) {
			sources.add(topLevel());
		}
		named.forEach((name, client) -> sources.add(new Source(name, PREFIX + ".clients." + name, client)));
		return sources;
	}

	/**
	 * Return the top-level client, whether configured or not.
	 * @return the top-level client
	 */
	Source topLevel() {
		return new Source(CrayonClientRegistry.DEFAULT_CLIENT, PREFIX, this.properties);
	}

	/**
	 * Return a client's value of one key: its own unless unset or blank, else the top level's.
	 * @param source the client
	 * @param key reads the key from a client's properties
	 * @return the value, blank if the top level sets it blank, or {@code null} if unset
	 */
	<T> @Nullable T value(Source source, Function<CrayonClientProperties, @Nullable T> key) {
		T own = key.apply(source.properties());
		boolean set = (own instanceof String text) ? StringUtils.hasText(text) : own != null;
		return set ? own : key.apply(this.properties);
	}

	/**
	 * Return a client's base URL: its own, else the top level's, else
	 * {@link CrayonClientSettings#DEFAULT_BASE_URL}.
	 * @param source the client
	 * @return the base URL, blank if set blank
	 */
	String baseUrl(Source source) {
		return or(value(source, CrayonClientProperties::getBaseUrl), CrayonClientSettings.DEFAULT_BASE_URL);
	}

	/**
	 * Return a client's token endpoint, if set: its own, else the top level's unless the client
	 * has a base URL of its own (its token endpoint then follows that base URL).
	 * @param source the client
	 * @return the token endpoint, or {@code null} for the one below the base URL
	 */
	@Nullable String tokenUri(Source source) {
		CrayonClientProperties own = source.properties();
		if (StringUtils.hasText(own.getTokenUri())) {
			return own.getTokenUri();
		}
		String topLevel = this.properties.getTokenUri();
		return (StringUtils.hasText(own.getBaseUrl()) || !StringUtils.hasText(topLevel)) ? null : topLevel;
	}

	/**
	 * Return a client's scope: its own, else the top level's, else
	 * {@link CrayonCredentials#DEFAULT_SCOPE}.
	 * @param source the client
	 * @return the scope, blank if set blank
	 */
	String scope(Source source) {
		return or(value(source, CrayonClientProperties::getScope), CrayonCredentials.DEFAULT_SCOPE);
	}

	/**
	 * Return a builder of a client's settings, each its own, else the top level's, else the
	 * default, so that its violations can be asked before building.
	 * @param source the client
	 * @return the builder
	 * @throws IllegalArgumentException if the base URL or token endpoint is not a URI
	 */
	CrayonClientSettingsBuilder settings(Source source) {
		CrayonClientSettingsBuilder settings = CrayonClientSettings.builder(baseUrl(source));
		PropertyMapper map = PropertyMapper.get();
		map.from(tokenUri(source)).to(settings::tokenUri);
		map.from(token(source, Token::getExpiryMargin)).to(settings::expiryMargin);
		map.from(token(source, Token::getRefreshBeforeExpiry)).to(settings::refreshBeforeExpiry);
		map.from(token(source, Token::getRefreshJitter)).to(settings::refreshJitter);
		map.from(token(source, Token::getTimeout)).to(settings::timeout);
		settings.retry(retry(source, Retry::getMaxAttempts, CrayonClientSettings.DEFAULT_MAX_ATTEMPTS),
				retry(source, Retry::getInitialBackoff, CrayonClientSettings.DEFAULT_INITIAL_BACKOFF),
				retry(source, Retry::getMaxBackoff, CrayonClientSettings.DEFAULT_MAX_BACKOFF));
		settings.credentialBackoff(
				retry(source, Retry::getCredentialBackoff, CrayonClientSettings.DEFAULT_CREDENTIAL_BACKOFF),
				retry(source, Retry::getMaxCredentialBackoff, CrayonClientSettings.DEFAULT_MAX_CREDENTIAL_BACKOFF));
		return settings;
	}

	/**
	 * Return a client's credentials.
	 * @param source the client
	 * @return the credentials
	 * @throws IllegalArgumentException naming a credential that is missing
	 */
	CrayonCredentials credentials(Source source) {
		return CrayonCredentials
			.of(value(source, CrayonClientProperties::getClientId),
					value(source, CrayonClientProperties::getClientSecret),
					value(source, CrayonClientProperties::getUsername),
					value(source, CrayonClientProperties::getPassword))
			.withScope(scope(source));
	}

	private <T> @Nullable T token(Source source, Function<Token, @Nullable T> key) {
		return value(source, (properties) -> key.apply(properties.getToken()));
	}

	private <T> T retry(Source source, Function<Retry, @Nullable T> key, T fallback) {
		return or(value(source, (properties) -> key.apply(properties.getToken().getRetry())), fallback);
	}

	private static boolean hasCredentials(CrayonClientProperties properties) {
		return StringUtils.hasText(properties.getClientId()) && StringUtils.hasText(properties.getClientSecret())
				&& StringUtils.hasText(properties.getUsername()) && StringUtils.hasText(properties.getPassword());
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * A configured client as the properties describe it.
	 * @param name the client's name
	 * @param prefix the prefix of its keys: {@code crayon.api} for the top-level client,
	 * {@code crayon.api.clients.<name>} for a named one
	 * @param properties its own properties (for the top-level client, the top level's)
	 */
	record Source(String name, String prefix, CrayonClientProperties properties) {

		/**
		 * Return the full name of one of this client's keys.
		 * @param key the key below the client's prefix, such as {@code client-id}
		 * @return the full key, such as {@code crayon.api.clients.demo.client-id}
		 */
		String key(String key) {
			return this.prefix + "." + key;
		}

	}

	/**
	 * A configured client, mapped.
	 * @param name its name
	 * @param settings its endpoint and timings
	 * @param credentials its credentials
	 */
	record Client(String name, CrayonClientSettings settings, CrayonCredentials credentials) {

	}

}
