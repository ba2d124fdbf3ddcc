package com.crayon.token;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the token service of one client for a test, with every setting, credential and shared
 * part in one fluent chain; it builds a {@link CrayonClientRegistry} of that one client, as
 * {@link CrayonTokenService#of} does.
 */
public final class SingleClient {

	private CrayonClientSettingsBuilder settings = CrayonClientSettings.builder("https://api.crayon.com");

	private String clientId = "";

	private String clientSecret = "";

	private String username = "";

	private String password = "";

	private String scope = CrayonCredentials.DEFAULT_SCOPE;

	private final CrayonClientRegistryBuilder registry = CrayonClientRegistry.builder();

	public SingleClient baseUrl(String baseUrl) {
		this.settings.baseUrl(baseUrl);
		return this;
	}

	public SingleClient tokenUri(String tokenUri) {
		this.settings.tokenUri(tokenUri);
		return this;
	}

	public SingleClient client(String clientId, String clientSecret) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		return this;
	}

	public SingleClient user(String username, String password) {
		this.username = username;
		this.password = password;
		return this;
	}

	public SingleClient scope(String scope) {
		this.scope = scope;
		return this;
	}

	public SingleClient expiryMargin(Duration expiryMargin) {
		this.settings.expiryMargin(expiryMargin);
		return this;
	}

	public SingleClient refreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.settings.refreshBeforeExpiry(refreshBeforeExpiry);
		return this;
	}

	public SingleClient refreshJitter(Duration refreshJitter) {
		this.settings.refreshJitter(refreshJitter);
		return this;
	}

	public SingleClient timeout(Duration timeout) {
		this.settings.timeout(timeout);
		return this;
	}

	public SingleClient retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		this.settings.retry(maxAttempts, initialBackoff, maxBackoff);
		return this;
	}

	public SingleClient credentialBackoff(Duration credentialBackoff, Duration maxCredentialBackoff) {
		this.settings.credentialBackoff(credentialBackoff, maxCredentialBackoff);
		return this;
	}

	public SingleClient clock(Clock clock) {
		this.registry.clock(clock);
		return this;
	}

	public SingleClient ticker(Ticker ticker) {
		this.registry.ticker(ticker);
		return this;
	}

	public SingleClient listener(CrayonTokenListener listener) {
		this.registry.listener(listener);
		return this;
	}

	public SingleClient store(CrayonTokenStore store) {
		this.registry.store(store);
		return this;
	}

	public SingleClient webClient(WebClient webClient) {
		this.registry.webClient(webClient);
		return this;
	}

	/**
	 * Return the client's settings as set so far.
	 * @return the settings
	 */
	public CrayonClientSettings settings() {
		return this.settings.build();
	}

	/**
	 * Return the client's credentials as set so far.
	 * @return the credentials
	 */
	public CrayonCredentials credentials() {
		return CrayonCredentials.of(this.clientId, this.clientSecret, this.username, this.password)
			.withScope(this.scope);
	}

	/**
	 * Return a registry with this one client, named {@code default}.
	 * @return the registry
	 */
	public CrayonClientRegistry registry() {
		return this.registry.client(CrayonClientRegistry.DEFAULT_CLIENT, settings(), credentials()).build();
	}

	/**
	 * Return the client's token service.
	 * @return the token service
	 */
	public CrayonTokenService build() {
		return registry().get(CrayonClientRegistry.DEFAULT_CLIENT);
	}

}
