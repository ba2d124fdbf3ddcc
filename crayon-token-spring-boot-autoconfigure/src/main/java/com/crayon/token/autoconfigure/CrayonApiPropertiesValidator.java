package com.crayon.token.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks {@link CrayonApiProperties} before anything is built, collecting every problem into
 * one {@link InvalidCrayonApiPropertiesException}.
 */
final class CrayonApiPropertiesValidator {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private CrayonApiPropertiesValidator() {
	}

	/**
	 * Check the endpoints, the token settings and, when {@code credentialsRequired}, the
	 * credentials.
	 * @param properties the bound properties
	 * @param credentialsRequired whether the token service needs the credentials
	 * @throws InvalidCrayonApiPropertiesException if anything is missing, insecure or out of range
	 */
	static void validate(CrayonApiProperties properties, boolean credentialsRequired) {
		List<String> missing = new ArrayList<>();
		List<String> insecure = new ArrayList<>();
		List<String> invalid = new ArrayList<>();
		require(missing, "crayon.api.base-url", properties.getBaseUrl());
		if (credentialsRequired) {
			require(missing, "crayon.api.client-id", properties.getClientId());
			require(missing, "crayon.api.client-secret", properties.getClientSecret());
			require(missing, "crayon.api.username", properties.getUsername());
			require(missing, "crayon.api.password", properties.getPassword());
			require(missing, "crayon.api.scope", properties.getScope());
		}
		checkUrl(invalid, insecure, properties, "crayon.api.base-url", properties.getBaseUrl());
		checkUrl(invalid, insecure, properties, "crayon.api.token-uri", properties.getTokenUri());
		CrayonApiProperties.Token token = properties.getToken();
		if (token.getRefreshBeforeExpiry().compareTo(token.getExpiryMargin()) <= 0) {
			invalid.add("crayon.api.token.refresh-before-expiry (" + token.getRefreshBeforeExpiry()
					+ ") must be greater than crayon.api.token.expiry-margin (" + token.getExpiryMargin()
					+ "), or tokens would never be refreshed in the background");
		}
		if (!missing.isEmpty() || !insecure.isEmpty() || !invalid.isEmpty()) {
			throw new InvalidCrayonApiPropertiesException(missing, insecure, invalid);
		}
	}

	private static void require(List<String> missing, String key, @Nullable String value) {
		if (!StringUtils.hasText(value)) {
			missing.add(key);
		}
	}

	private static void checkUrl(List<String> invalid, List<String> insecure, CrayonApiProperties properties,
			String key, @Nullable String url) {
		if (!StringUtils.hasText(url)) {
			return;
		}
		URI uri;
		try {
			uri = URI.create(url.trim());
		}
		catch (IllegalArgumentException ex) {
			invalid.add(key + " must be an absolute http or https URL, got '" + url + "'");
			return;
		}
		String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
		if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
			invalid.add(key + " must be an absolute http or https URL, got '" + url + "'");
		}
		else if (scheme.equals("http") && !properties.isAllowInsecureHttp() && !isLoopback(uri.getHost())) {
			insecure.add(key);
		}
	}

	/**
	 * Return whether a host is {@code localhost} or a loopback address literal (IPv4
	 * {@code 127.0.0.0/8}, IPv6 {@code ::1}); never resolves a name.
	 */
	static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost")) {
			return true;
		}
		if (IPV4.matcher(name).matches()) {
			String[] octets = name.split("\\.");
			for (String octet : octets) {
				if (Integer.parseInt(octet) > 255) {
					return false;
				}
			}
			return Integer.parseInt(octets[0]) == 127;
		}
		String literal = (name.startsWith("[") && name.endsWith("]")) ? name.substring(1, name.length() - 1) : name;
		if (!literal.contains(":")) {
			return false;
		}
		try {
			// an IPv6 literal: parsed, never looked up
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
