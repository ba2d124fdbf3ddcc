package com.crayon.token;

import java.util.Objects;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Credentials of one Crayon API client: the registered API client (id and secret, sent with
 * HTTP Basic authentication), the API user (name and password, sent in the password-grant form)
 * and the scope to request.
 *
 * <p>{@link #toString()} masks the client secret and the password, so credentials can be logged
 * safely.
 */
public final class CrayonCredentials {

	/** Scope requested unless another is given: {@value}. */
	public static final String DEFAULT_SCOPE = "CustomerApi";

	private final String clientId;

	private final String clientSecret;

	private final String username;

	private final String password;

	private final String scope;

	private CrayonCredentials(String clientId, String clientSecret, String username, String password, String scope) {
		this.clientId = requireText(clientId, "clientId");
		this.clientSecret = requireText(clientSecret, "clientSecret");
		this.username = requireText(username, "username");
		this.password = requireText(password, "password");
		this.scope = requireText(scope, "scope");
	}

	/**
	 * Create credentials that request the {@value #DEFAULT_SCOPE} scope.
	 * @param clientId the client id of the registered API client
	 * @param clientSecret its client secret
	 * @param username the API user's name
	 * @param password the API user's password
	 * @return the credentials
	 * @throws IllegalArgumentException if a value is missing or blank, naming it
	 */
	public static CrayonCredentials of(String clientId, String clientSecret, String username, String password) {
		return new CrayonCredentials(clientId, clientSecret, username, password, DEFAULT_SCOPE);
	}

	/**
	 * Return these credentials with another scope.
	 * @param scope the scope to request
	 * @return new credentials
	 */
	public CrayonCredentials withScope(String scope) {
		return new CrayonCredentials(this.clientId, this.clientSecret, this.username, this.password, scope);
	}

	/**
	 * Return the client id, sent with HTTP Basic authentication.
	 * @return the client id
	 */
	public String clientId() {
		return this.clientId;
	}

	/**
	 * Return the client secret, sent with HTTP Basic authentication.
	 * @return the client secret
	 */
	public String clientSecret() {
		return this.clientSecret;
	}

	/**
	 * Return the API user's name, sent in the password-grant form.
	 * @return the user name
	 */
	public String username() {
		return this.username;
	}

	/**
	 * Return the API user's password, sent in the password-grant form.
	 * @return the password
	 */
	public String password() {
		return this.password;
	}

	/**
	 * Return the scope requested with each token.
	 * @return the scope
	 */
	public String scope() {
		return this.scope;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof CrayonCredentials that && this.clientId.equals(that.clientId)
				&& this.clientSecret.equals(that.clientSecret) && this.username.equals(that.username)
				&& this.password.equals(that.password) && this.scope.equals(that.scope));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.clientId, this.clientSecret, this.username, this.password, this.scope);
	}

	@Override
	public String toString() {
		return "CrayonCredentials[clientId=" + this.clientId + ", clientSecret=******, username=" + this.username
				+ ", password=******, scope=" + this.scope + "]";
	}

	private static String requireText(String value, String name) {
		Assert.isTrue(StringUtils.hasText(value), () -> name + " must be set");
		return value;
	}

}
