package com.crayon.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builder of {@link CrayonClientSettings}; every setting but the base URL has a default.
 */
public final class CrayonClientSettingsBuilder {

	private String baseUrl;

	private URI tokenUri;

	private boolean tokenUriSet;

	private Duration expiryMargin = CrayonClientSettings.DEFAULT_EXPIRY_MARGIN;

	private Duration refreshBeforeExpiry = CrayonClientSettings.DEFAULT_REFRESH_BEFORE_EXPIRY;

	private Duration refreshJitter = CrayonClientSettings.DEFAULT_REFRESH_JITTER;

	private Duration timeout = CrayonClientSettings.DEFAULT_TIMEOUT;

	private int maxAttempts = CrayonClientSettings.DEFAULT_MAX_ATTEMPTS;

	private Duration initialBackoff = CrayonClientSettings.DEFAULT_INITIAL_BACKOFF;

	private Duration maxBackoff = CrayonClientSettings.DEFAULT_MAX_BACKOFF;

	private Duration credentialBackoff = CrayonClientSettings.DEFAULT_CREDENTIAL_BACKOFF;

	private Duration maxCredentialBackoff = CrayonClientSettings.DEFAULT_MAX_CREDENTIAL_BACKOFF;

	CrayonClientSettingsBuilder(String baseUrl) {
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
		this.tokenUri = CrayonClientSettings.defaultTokenUri(baseUrl);
	}

	CrayonClientSettingsBuilder(CrayonClientSettings settings) {
		this.baseUrl = settings.baseUrl();
		this.tokenUri = settings.tokenUri();
		this.tokenUriSet = !settings.tokenUri().equals(CrayonClientSettings.defaultTokenUri(settings.baseUrl()));
		this.expiryMargin = settings.expiryMargin();
		this.refreshBeforeExpiry = settings.refreshBeforeExpiry();
		this.refreshJitter = settings.refreshJitter();
		this.timeout = settings.timeout();
		this.maxAttempts = settings.maxAttempts();
		this.initialBackoff = settings.initialBackoff();
		this.maxBackoff = settings.maxBackoff();
		this.credentialBackoff = settings.credentialBackoff();
		this.maxCredentialBackoff = settings.maxCredentialBackoff();
	}

	/**
	 * Set the Crayon API's base URL; the token endpoint follows it unless set of its own.
	 * @param baseUrl the base URL
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder baseUrl(String baseUrl) {
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
		if (!this.tokenUriSet) {
			this.tokenUri = CrayonClientSettings.defaultTokenUri(baseUrl);
		}
		return this;
	}

	/**
	 * Set the token endpoint's full URI; by default {@value CrayonClientSettings#TOKEN_PATH}
	 * below the base URL.
	 * @param tokenUri the token endpoint, an absolute {@code http} or {@code https} URL
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder tokenUri(String tokenUri) {
		this.tokenUri = URI.create(tokenUri);
		this.tokenUriSet = true;
		return this;
	}

	/**
	 * Set how long before its expiry a token stops being served.
	 * @param expiryMargin the margin; default 30 seconds
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder expiryMargin(Duration expiryMargin) {
		this.expiryMargin = expiryMargin;
		return this;
	}

	/**
	 * Set how long before its expiry a token is refreshed in the background.
	 * @param refreshBeforeExpiry the lead time; default 5 minutes
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		return this;
	}

	/**
	 * Set the longest random delay of a token's background refresh; {@link Duration#ZERO}
	 * refreshes every token exactly {@code refreshBeforeExpiry} before its expiry.
	 * @param refreshJitter the longest delay; default 2 minutes
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder refreshJitter(Duration refreshJitter) {
		this.refreshJitter = refreshJitter;
		return this;
	}

	/**
	 * Set the time bound of one token request attempt.
	 * @param timeout the bound; default 10 seconds
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * Set how transient failures are retried: within one token request, and between
	 * requests while the endpoint keeps failing.
	 * @param maxAttempts attempts per token request, including the first; default 3
	 * @param initialBackoff the first wait; default 200 milliseconds
	 * @param maxBackoff the longest wait, and the 401 re-authentication window; default 5
	 * seconds
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		this.maxAttempts = maxAttempts;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		return this;
	}

	/**
	 * Set how long to wait before asking again after the token endpoint rejected the
	 * credentials; the wait doubles after each further rejection, and callers meanwhile get
	 * the rejection at once.
	 * @param credentialBackoff the first wait; default 1 minute
	 * @param maxCredentialBackoff the longest wait; default 30 minutes
	 * @return this builder
	 */
	public CrayonClientSettingsBuilder credentialBackoff(Duration credentialBackoff, Duration maxCredentialBackoff) {
		this.credentialBackoff = credentialBackoff;
		this.maxCredentialBackoff = maxCredentialBackoff;
		return this;
	}

	/**
	 * Return every rule the settings given so far break, without building.
	 * @return the broken rules, empty if {@link #build()} would succeed
	 */
	public List<CrayonClientSettings.Violation> violations() {
		return ClientSettingsRules.violations(this.baseUrl, this.tokenUri, this.expiryMargin,
				this.refreshBeforeExpiry, this.refreshJitter, this.timeout, this.maxAttempts, this.initialBackoff,
				this.maxBackoff, this.credentialBackoff, this.maxCredentialBackoff);
	}

	/**
	 * Build the settings.
	 * @return the settings
	 * @throws IllegalArgumentException naming each setting that is missing or out of range
	 */
	public CrayonClientSettings build() {
		return new CrayonClientSettings(this.baseUrl, this.tokenUri, this.expiryMargin, this.refreshBeforeExpiry,
				this.refreshJitter, this.timeout, this.maxAttempts, this.initialBackoff, this.maxBackoff,
				this.credentialBackoff, this.maxCredentialBackoff);
	}

}
