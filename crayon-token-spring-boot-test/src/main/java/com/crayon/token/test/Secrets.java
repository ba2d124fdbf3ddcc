package com.crayon.token.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * Compares secrets in constant time, so response times reveal nothing about them.
 */
final class Secrets {

	private Secrets() {
	}

	/**
	 * Return whether a received secret is the expected one.
	 * @param actual the received secret, or {@code null} if none was sent
	 * @param expected the expected secret
	 * @return {@code true} if they are equal
	 */
	static boolean same(@Nullable String actual, String expected) {
		return actual != null && MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8));
	}

}
