package com.crayon.token.autoconfigure;

import java.util.List;

/**
 * Thrown at start-up when the {@code crayon.api.*} properties cannot work: required keys are
 * missing, or an endpoint uses plain http without {@code crayon.api.allow-insecure-http}.
 */
public class InvalidCrayonApiPropertiesException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<String> missingKeys;

	private final List<String> insecureKeys;

	InvalidCrayonApiPropertiesException(List<String> missingKeys, List<String> insecureKeys) {
		super(message(missingKeys, insecureKeys));
		this.missingKeys = List.copyOf(missingKeys);
		this.insecureKeys = List.copyOf(insecureKeys);
	}

	/**
	 * Return the required keys that are not set or blank.
	 * @return the missing keys, such as {@code crayon.api.client-id}
	 */
	public List<String> getMissingKeys() {
		return this.missingKeys;
	}

	/**
	 * Return the keys whose URL uses plain http to a host that is not loopback.
	 * @return the insecure keys, such as {@code crayon.api.base-url}
	 */
	public List<String> getInsecureKeys() {
		return this.insecureKeys;
	}

	private static String message(List<String> missingKeys, List<String> insecureKeys) {
		StringBuilder message = new StringBuilder();
		if (!missingKeys.isEmpty()) {
			message.append(String.join(", ", missingKeys)).append(" must be set");
		}
		if (!insecureKeys.isEmpty()) {
			message.append(message.isEmpty() ? "" : "; ")
				.append(String.join(", ", insecureKeys))
				.append(" must use https (or set crayon.api.allow-insecure-http=true)");
		}
		return message.toString();
	}

}
