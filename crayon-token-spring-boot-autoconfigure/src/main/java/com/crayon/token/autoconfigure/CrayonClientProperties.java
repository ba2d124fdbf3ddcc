package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The settings of one configured client, each taken from {@code crayon.api.clients.<name>.*} or,
 * when unset there, from the top level.
 *
 * @param name the client's name
 * @param prefix the prefix of its keys, for messages ({@code crayon.api} for the default client)
 * @param baseUrl base URL of its Crayon API
 * @param tokenUri token endpoint, or {@code null} for the one below the base URL
 * @param clientId client id
 * @param clientSecret client secret
 * @param username API user
 * @param password API user's password
 * @param scope requested scope
 * @param expiryMargin how long before expiry a token stops being used
 * @param refreshBeforeExpiry how long before expiry a token is refreshed
 * @param timeout bound of one attempt
 * @param maxAttempts attempts per request
 * @param initialBackoff first wait after a transient failure
 * @param maxBackoff longest wait after a transient failure
 * @param credentialBackoff first wait after rejected credentials
 * @param maxCredentialBackoff longest wait after rejected credentials
 */
record CrayonClientProperties(String name, String prefix, @Nullable String baseUrl, @Nullable String tokenUri,
		@Nullable String clientId, @Nullable String clientSecret, @Nullable String username, @Nullable String password,
		@Nullable String scope, Duration expiryMargin, Duration refreshBeforeExpiry, Duration timeout, int maxAttempts,
		Duration initialBackoff, Duration maxBackoff, Duration credentialBackoff, Duration maxCredentialBackoff) {

	/**
	 * Return every configured client: the top-level one, named {@code default}, when there are no
	 * named clients or when all four of its credentials are set; and each named client, its unset
	 * keys taken from the top level.
	 * @param properties the bound properties
	 * @return the clients, in configuration order
	 */
	static List<CrayonClientProperties> of(CrayonApiProperties properties) {
		List<CrayonClientProperties> clients = new ArrayList<>();
		Map<String, CrayonApiProperties.Client> named = properties.getClients();
		boolean topLevelComplete = StringUtils.hasText(properties.getClientId())
				&& StringUtils.hasText(properties.getClientSecret()) && StringUtils.hasText(properties.getUsername())
				&& StringUtils.hasText(properties.getPassword());
		if (named.isEmpty() || (topLevelComplete && !named.containsKey(CrayonClientRegistry.DEFAULT_CLIENT))) {
			clients.add(merged(CrayonClientRegistry.DEFAULT_CLIENT, "crayon.api", properties,
					new CrayonApiProperties.Client()));
		}
		named.forEach((name, client) -> clients.add(merged(name, "crayon.api.clients." + name, properties, client)));
		return clients;
	}

	private static CrayonClientProperties merged(String name, String prefix, CrayonApiProperties top,
			CrayonApiProperties.Client client) {
		CrayonApiProperties.Token token = top.getToken();
		CrayonApiProperties.Retry retry = token.getRetry();
		CrayonApiProperties.ClientToken clientToken = client.getToken();
		CrayonApiProperties.ClientRetry clientRetry = clientToken.getRetry();
		// a named client with its own base URL derives its token URI from it, not from the top level's
		String tokenUri = (client.getTokenUri() != null) ? client.getTokenUri()
				: (client.getBaseUrl() != null) ? null : top.getTokenUri();
		return new CrayonClientProperties(name, prefix, or(client.getBaseUrl(), top.getBaseUrl()), tokenUri,
				or(client.getClientId(), top.getClientId()), or(client.getClientSecret(), top.getClientSecret()),
				or(client.getUsername(), top.getUsername()), or(client.getPassword(), top.getPassword()),
				or(client.getScope(), top.getScope()), or(clientToken.getExpiryMargin(), token.getExpiryMargin()),
				or(clientToken.getRefreshBeforeExpiry(), token.getRefreshBeforeExpiry()),
				or(clientToken.getTimeout(), token.getTimeout()),
				or(clientRetry.getMaxAttempts(), retry.getMaxAttempts()),
				or(clientRetry.getInitialBackoff(), retry.getInitialBackoff()),
				or(clientRetry.getMaxBackoff(), retry.getMaxBackoff()),
				or(clientRetry.getCredentialBackoff(), retry.getCredentialBackoff()),
				or(clientRetry.getMaxCredentialBackoff(), retry.getMaxCredentialBackoff()));
	}

	/**
	 * Return the top level's endpoint and settings, for clients registered at run time.
	 * @param properties the bound properties
	 * @return the settings, without credentials
	 */
	static CrayonClientProperties defaults(CrayonApiProperties properties) {
		return merged(CrayonClientRegistry.DEFAULT_CLIENT, "crayon.api", properties, new CrayonApiProperties.Client());
	}

	/**
	 * Return the name of one of this client's keys.
	 * @param key the key below the client's prefix, such as {@code client-id}
	 * @return the full key, such as {@code crayon.api.clients.demo.client-id}
	 */
	String key(String key) {
		return this.prefix + "." + key;
	}

	/**
	 * Return this client's settings.
	 * @param refreshJitter the longest random delay of a background refresh
	 * @return the settings
	 */
	CrayonClientSettings settings(Duration refreshJitter) {
		CrayonClientSettings.Builder settings = CrayonClientSettings.builder(this.baseUrl)
			.expiryMargin(this.expiryMargin)
			.refreshBeforeExpiry(this.refreshBeforeExpiry)
			.refreshJitter(refreshJitter)
			.timeout(this.timeout)
			.retry(this.maxAttempts, this.initialBackoff, this.maxBackoff)
			.credentialBackoff(this.credentialBackoff, this.maxCredentialBackoff);
		if (this.tokenUri != null) {
			settings.tokenUri(this.tokenUri);
		}
		return settings.build();
	}

	/**
	 * Return this client's credentials.
	 * @return the credentials
	 */
	CrayonCredentials credentials() {
		return CrayonCredentials.of(this.clientId, this.clientSecret, this.username, this.password)
			.withScope(this.scope);
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value instanceof String text && !StringUtils.hasText(text)) ? fallback
				: (value != null) ? value : fallback;
	}

	@Override
	public String toString() {
		return "CrayonClientProperties[" + this.name + ", baseUrl=" + this.baseUrl + "]";
	}

}
