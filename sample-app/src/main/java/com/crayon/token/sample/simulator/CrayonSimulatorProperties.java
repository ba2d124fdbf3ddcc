package com.crayon.token.sample.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the built-in Crayon API simulator, bound from {@code crayon.simulator.*}.
 */
@ConfigurationProperties("crayon.simulator")
public final class CrayonSimulatorProperties {

	/**
	 * Whether to serve a simulated Crayon API (token endpoint, organizations, me) from this
	 * application.
	 */
	private boolean enabled = true;

	/**
	 * Client id the simulated token endpoint accepts in HTTP Basic authentication; a fake value.
	 */
	private String clientId = "sample-client";

	/**
	 * Client secret the simulated token endpoint accepts in HTTP Basic authentication; a fake value.
	 */
	private String clientSecret = "sample-secret";

	/**
	 * User name the simulated token endpoint accepts in the password-grant form; a fake value.
	 */
	private String username = "sample-user";

	/**
	 * Password the simulated token endpoint accepts in the password-grant form; a fake value.
	 */
	private String password = "sample-password";

	/**
	 * Lifetime of the tokens the simulator issues, announced as ExpiresIn in whole seconds.
	 */
	private Duration expiresIn = Duration.ofMinutes(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public Duration getExpiresIn() {
		return this.expiresIn;
	}

	public void setExpiresIn(Duration expiresIn) {
		this.expiresIn = expiresIn;
	}

}
