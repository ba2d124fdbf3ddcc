package com.crayon.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Bearer token issued by the Crayon API token endpoint, with the instant it expires.
 *
 * <p>Two tokens are equal when their type and value are: the same bearer credential, whichever
 * instance read it and on whichever clock its timestamps were placed. {@link #toString()} never
 * shows the token's value, so a token can be logged safely.
 */
public final class CrayonAccessToken {

	private final String value;

	private final String tokenType;

	private final Instant issuedAt;

	private final Instant expiresAt;

	/**
	 * Create a token.
	 * @param value the access token itself
	 * @param tokenType the token type, typically {@code Bearer}
	 * @param issuedAt when the token was requested (the endpoint issued it no earlier)
	 * @param expiresAt when the token expires ({@code issuedAt} plus {@code ExpiresIn})
	 */
	public CrayonAccessToken(String value, String tokenType, Instant issuedAt, Instant expiresAt) {
		this.value = Objects.requireNonNull(value, "value");
		this.tokenType = Objects.requireNonNull(tokenType, "tokenType");
		this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
		this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
		if (!expiresAt.isAfter(issuedAt)) {
			throw new IllegalArgumentException("expiresAt must be after issuedAt");
		}
	}

	/**
	 * Return the access token to send as {@code Authorization: Bearer <value>}.
	 * @return the token value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the token type Crayon reported, typically {@code Bearer}.
	 * @return the token type
	 */
	public String tokenType() {
		return this.tokenType;
	}

	/**
	 * Return when the token was requested from the token endpoint; the endpoint issued it no
	 * earlier, so expiry computed from here is never late.
	 * @return the issue instant
	 */
	public Instant issuedAt() {
		return this.issuedAt;
	}

	/**
	 * Return when the token expires, as announced by {@code ExpiresIn}.
	 * @return the expiry instant
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * Return how long the token is valid for in total.
	 * @return the lifetime from {@link #issuedAt()} to {@link #expiresAt()}
	 */
	public Duration lifetime() {
		return Duration.between(this.issuedAt, this.expiresAt);
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof CrayonAccessToken that && this.value.equals(that.value)
				&& this.tokenType.equals(that.tokenType));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.value, this.tokenType);
	}

	@Override
	public String toString() {
		return "CrayonAccessToken[tokenType=" + this.tokenType + ", value=(" + this.value.length()
				+ " characters, hidden), issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
