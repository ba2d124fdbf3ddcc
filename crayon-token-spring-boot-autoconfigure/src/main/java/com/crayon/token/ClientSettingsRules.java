package com.crayon.token;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.StringUtils;

/**
 * The rules between a client's settings, in one place: which must be set, which must be
 * positive, which must be greater than which. {@link CrayonClientSettings} refuses settings that
 * break one; configuration reports each with the property keys of its settings.
 */
final class ClientSettingsRules {

	private ClientSettingsRules() {
	}

	/**
	 * Return every broken rule among the given settings.
	 * @return the broken rules, empty if there is none
	 */
	static List<CrayonClientSettings.Violation> violations(String baseUrl, URI tokenUri, Duration expiryMargin,
			Duration refreshBeforeExpiry, Duration refreshJitter, Duration timeout, int maxAttempts,
			Duration initialBackoff, Duration maxBackoff, Duration credentialBackoff, Duration maxCredentialBackoff) {
		List<CrayonClientSettings.Violation> violations = new ArrayList<>();
		if (!isHttpUrl(baseUrl)) {
			violations.add(new CrayonClientSettings.Violation("{baseUrl} must be an absolute http or https URL, got '" + baseUrl + "'",
					"baseUrl"));
		}
		if (tokenUri == null || !isHttpUrl(tokenUri)) {
			violations.add(new CrayonClientSettings.Violation("{tokenUri} must be an absolute http or https URL, got '" + tokenUri + "'",
					"tokenUri"));
		}
		requirePositive(violations, timeout, "timeout");
		requirePositive(violations, initialBackoff, "initialBackoff");
		requirePositive(violations, maxBackoff, "maxBackoff");
		requirePositive(violations, credentialBackoff, "credentialBackoff");
		requirePositive(violations, maxCredentialBackoff, "maxCredentialBackoff");
		if (expiryMargin == null || expiryMargin.isNegative()) {
			violations.add(new CrayonClientSettings.Violation("{expiryMargin} must not be negative", "expiryMargin"));
		}
		if (refreshJitter == null || refreshJitter.isNegative()) {
			violations.add(new CrayonClientSettings.Violation("{refreshJitter} must not be negative", "refreshJitter"));
		}
		if (maxAttempts < 1) {
			violations.add(new CrayonClientSettings.Violation("{maxAttempts} must be at least 1, got " + maxAttempts, "maxAttempts"));
		}
		if (violations.isEmpty()) {
			if (refreshBeforeExpiry == null || refreshBeforeExpiry.compareTo(expiryMargin) <= 0) {
				violations.add(new CrayonClientSettings.Violation("{refreshBeforeExpiry} (" + refreshBeforeExpiry
						+ ") must be greater than {expiryMargin} (" + expiryMargin
						+ "), or tokens would never be refreshed in the background", "refreshBeforeExpiry",
						"expiryMargin"));
			}
			if (initialBackoff.compareTo(maxBackoff) > 0) {
				violations.add(new CrayonClientSettings.Violation("{initialBackoff} (" + initialBackoff
						+ ") must not be greater than {maxBackoff} (" + maxBackoff + ")", "initialBackoff",
						"maxBackoff"));
			}
			if (credentialBackoff.compareTo(maxCredentialBackoff) > 0) {
				violations.add(new CrayonClientSettings.Violation("{credentialBackoff} (" + credentialBackoff
						+ ") must not be greater than {maxCredentialBackoff} (" + maxCredentialBackoff + ")",
						"credentialBackoff", "maxCredentialBackoff"));
			}
		}
		return violations;
	}

	private static void requirePositive(List<CrayonClientSettings.Violation> violations, Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			violations.add(new CrayonClientSettings.Violation("{" + name + "} must be positive, got " + value, name));
		}
	}

	private static boolean isHttpUrl(String url) {
		try {
			return StringUtils.hasText(url) && isHttpUrl(URI.create(url));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean isHttpUrl(URI uri) {
		return uri.isAbsolute() && uri.getHost() != null
				&& ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
	}

}
