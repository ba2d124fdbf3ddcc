package com.crayon.token.autoconfigure;

import java.time.Duration;

import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import org.jspecify.annotations.Nullable;

/**
 * Configuration properties of one Crayon API client, bound at the top level ({@code crayon.api.*})
 * and for each named client ({@code crayon.api.clients.<name>.*}); a key a named client leaves
 * unset comes from the top level, and one unset there from {@link CrayonClientSettings} and
 * {@link CrayonCredentials}.
 */
public class CrayonClientProperties {

	/**
	 * Base URL of the Crayon API; only requests below it get the client's bearer token.
	 */
	private @Nullable String baseUrl;

	/**
	 * Token endpoint; defaults to the base URL followed by /api/v1/connect/token.
	 */
	private @Nullable String tokenUri;

	/**
	 * Client id of the registered API client, sent with HTTP Basic authentication.
	 */
	private @Nullable String clientId;

	/**
	 * Client secret of the registered API client, sent with HTTP Basic authentication.
	 */
	private @Nullable String clientSecret;

	/**
	 * User name of the Crayon API user, sent in the password-grant form.
	 */
	private @Nullable String username;

	/**
	 * Password of the Crayon API user, sent in the password-grant form.
	 */
	private @Nullable String password;

	/**
	 * Scope requested with each token.
	 */
	private @Nullable String scope;

	private final Token token = new Token();

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getTokenUri() {
		return this.tokenUri;
	}

	public void setTokenUri(@Nullable String tokenUri) {
		this.tokenUri = tokenUri;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getScope() {
		return this.scope;
	}

	public void setScope(@Nullable String scope) {
		this.scope = scope;
	}

	public Token getToken() {
		return this.token;
	}

	/**
	 * Token lifetime, refresh and request settings of a client.
	 */
	public static class Token {

		/**
		 * How long before its expiry a token stops being used; at most a quarter of its lifetime.
		 */
		private @Nullable Duration expiryMargin;

		/**
		 * How long before its expiry a token is refreshed in the background; never before half
		 * its lifetime, and greater than the expiry margin.
		 */
		private @Nullable Duration refreshBeforeExpiry;

		/**
		 * Longest random delay of a token's background refresh, so that tokens issued together
		 * are not all refreshed together; at most half of the time between the refresh and the
		 * expiry margin is used, and 0 refreshes every token exactly at refresh-before-expiry.
		 */
		private @Nullable Duration refreshJitter;

		/**
		 * Time bound of one token request attempt, from connecting to reading the whole answer.
		 */
		private @Nullable Duration timeout;

		private final Retry retry = new Retry();

		public @Nullable Duration getExpiryMargin() {
			return this.expiryMargin;
		}

		public void setExpiryMargin(@Nullable Duration expiryMargin) {
			this.expiryMargin = expiryMargin;
		}

		public @Nullable Duration getRefreshBeforeExpiry() {
			return this.refreshBeforeExpiry;
		}

		public void setRefreshBeforeExpiry(@Nullable Duration refreshBeforeExpiry) {
			this.refreshBeforeExpiry = refreshBeforeExpiry;
		}

		public @Nullable Duration getRefreshJitter() {
			return this.refreshJitter;
		}

		public void setRefreshJitter(@Nullable Duration refreshJitter) {
			this.refreshJitter = refreshJitter;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retries of a client's failed token requests.
	 */
	public static class Retry {

		/**
		 * Attempts per token request, the first included; only transient failures are retried.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Wait before the first retry; it doubles (with jitter) after each further failure.
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Longest wait between attempts, between background refreshes, and before callers may
		 * trigger a new request while the endpoint keeps failing; also the window in which a
		 * token rejected with HTTP 401 is replaced at most once.
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * Wait before asking again after the token endpoint rejected the credentials; it doubles
		 * after each further rejection, and callers meanwhile get the rejection at once.
		 */
		private @Nullable Duration credentialBackoff;

		/**
		 * Longest wait before asking again while the token endpoint keeps rejecting the
		 * credentials.
		 */
		private @Nullable Duration maxCredentialBackoff;

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Duration getCredentialBackoff() {
			return this.credentialBackoff;
		}

		public void setCredentialBackoff(@Nullable Duration credentialBackoff) {
			this.credentialBackoff = credentialBackoff;
		}

		public @Nullable Duration getMaxCredentialBackoff() {
			return this.maxCredentialBackoff;
		}

		public void setMaxCredentialBackoff(@Nullable Duration maxCredentialBackoff) {
			this.maxCredentialBackoff = maxCredentialBackoff;
		}

	}

}
