package com.crayon.token.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks {@link CrayonApiProperties} before anything is built, collecting every problem into
 * one {@link InvalidCrayonApiPropertiesException}.
 */
final class CrayonApiPropertiesValidator {

	private CrayonApiPropertiesValidator() {
	}

	/**
	 * Check the endpoints and, when {@code credentialsRequired}, the credentials.
	 * @param properties the bound properties
	 * @param credentialsRequired whether the token service needs the credentials
	 * @throws InvalidCrayonApiPropertiesException if anything is missing or insecure
	 */
	static void validate(CrayonApiProperties properties, boolean credentialsRequired) {
		List<String> missing = new ArrayList<>();
		require(missing, "crayon.api.base-url", properties.getBaseUrl());
		if (credentialsRequired) {
			require(missing, "crayon.api.client-id", properties.getClientId());
			require(missing, "crayon.api.client-secret", properties.getClientSecret());
			require(missing, "crayon.api.username", properties.getUsername());
			require(missing, "crayon.api.password", properties.getPassword());
			require(missing, "crayon.api.scope", properties.getScope());
		}
		List<String> insecure = new ArrayList<>();
		if (!properties.isAllowInsecureHttp()) {
			checkSecure(insecure, "crayon.api.base-url", properties.getBaseUrl());
			checkSecure(insecure, "crayon.api.token-uri", properties.getTokenUri());
		}
		if (!missing.isEmpty() || !insecure.isEmpty()) {
			throw new InvalidCrayonApiPropertiesException(missing, insecure);
		}
	}

	private static void require(List<String> missing, String key, @Nullable String value) {
		if (!StringUtils.hasText(value)) {
			missing.add(key);
		}
	}

	private static void checkSecure(List<String> insecure, String key, @Nullable String url) {
		if (!StringUtils.hasText(url)) {
			return;
		}
		URI uri = URI.create(url.trim());
		if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
			insecure.add(key);
		}
	}

	private static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
				|| name.equals("[::1]") || name.equals("::1");
	}

}
