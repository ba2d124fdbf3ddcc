package com.crayon.token.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * Thrown at start-up when the {@code crayon.api.*} properties cannot work: required keys are
 * missing, an endpoint uses plain http without {@code crayon.api.allow-insecure-http}, or a value
 * is out of range.
 */
public class InvalidCrayonApiPropertiesException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<String> missingKeys;

	private final List<String> insecureKeys;

	private final List<String> invalidValues;

	/**
	 * Create an exception; its message and the failure analysis name every key given.
	 * @param missingKeys required keys that are not set or blank
	 * @param insecureKeys keys whose URL uses plain http to a host that is not loopback
	 * @param invalidValues what is wrong with the values that are set, one sentence each, naming
	 * the keys and never a secret
	 */
	public InvalidCrayonApiPropertiesException(List<String> missingKeys, List<String> insecureKeys,
			List<String> invalidValues) {
		super(message(missingKeys, insecureKeys, invalidValues));
		this.missingKeys = List.copyOf(missingKeys);
		this.insecureKeys = List.copyOf(insecureKeys);
		this.invalidValues = List.copyOf(invalidValues);
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

	/**
	 * Return what is wrong with the values that are set, one sentence each, naming the keys.
	 * @return the problems, such as {@code crayon.api.token-uri must be an absolute http or https URL}
	 */
	public List<String> getInvalidValues() {
		return this.invalidValues;
	}

	private static String message(List<String> missingKeys, List<String> insecureKeys, List<String> invalidValues) {
		List<String> parts = new ArrayList<>();
		if (!missingKeys.isEmpty()) {
			parts.add(String.join(", ", missingKeys) + " must be set");
		}
		if (!insecureKeys.isEmpty()) {
			parts.add(String.join(", ", insecureKeys) + " must use https (or set crayon.api.allow-insecure-http=true)");
		}
		parts.addAll(invalidValues);
		return String.join("; ", parts);
	}

}
