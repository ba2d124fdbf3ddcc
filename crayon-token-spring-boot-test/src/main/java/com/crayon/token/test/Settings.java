package com.crayon.token.test;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * What a simulated Crayon API accepts: one registered client, its users, and the lifetime of the
 * tokens it issues, in whole seconds as {@code ExpiresIn} announces it.
 *
 * @param clientId the client id accepted in HTTP Basic authentication
 * @param clientSecret the client secret accepted with it
 * @param users the accepted user names and their passwords, in the order they were added
 * @param lifetime the lifetime of issued tokens
 */
record Settings(String clientId, String clientSecret, Map<String, String> users, Duration lifetime) {

	Settings {
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(clientSecret, "clientSecret must not be empty");
		Assert.notEmpty(users, "at least one user is required");
		Assert.isTrue(lifetime.getSeconds() >= 1, "expiresIn must be at least 1 second");
		users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
		lifetime = Duration.ofSeconds(lifetime.getSeconds());
	}

	@Override
	public String toString() {
		return "Settings[clientId=" + this.clientId + ", users=" + this.users.keySet() + ", lifetime=" + this.lifetime
				+ "]";
	}

}
