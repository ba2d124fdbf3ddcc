package com.crayon.token.test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens the simulator has issued, each with its user and expiry; every new token drops
 * the expired ones, so memory stays bounded. Thread-safe.
 */
final class IssuedTokens {

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Grant> grants = new ConcurrentHashMap<>();

	private final Clock clock;

	IssuedTokens(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Issue a new random opaque token.
	 * @param username the user it is issued to
	 * @param lifetime how long it is valid for
	 * @return the token
	 */
	String issue(String username, Duration lifetime) {
		Instant now = this.clock.instant();
		this.grants.values().removeIf((grant) -> grant.isExpiredAt(now));
		byte[] bytes = new byte[TOKEN_BYTES];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.grants.put(token, new Grant(username, now.plus(lifetime)));
		return token;
	}

	/**
	 * Return the user a token was issued to, if the simulator issued it and it has not expired.
	 * @param token the token from an {@code Authorization: Bearer} header
	 * @return the user, or empty if the token is unknown or expired
	 */
	Optional<String> user(String token) {
		Grant grant = this.grants.get(token);
		if (grant == null) {
			return Optional.empty();
		}
		if (grant.isExpiredAt(this.clock.instant())) {
			this.grants.remove(token, grant);
			return Optional.empty();
		}
		return Optional.of(grant.username());
	}

	/**
	 * Revoke every token issued so far: from now on each is unknown.
	 */
	void revokeAll() {
		this.grants.clear();
	}

	/**
	 * Return how many tokens are remembered, expired ones not yet dropped included.
	 * @return the number of remembered tokens
	 */
	int size() {
		return this.grants.size();
	}

	private record Grant(String username, Instant expiresAt) {

		boolean isExpiredAt(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

	}

}
