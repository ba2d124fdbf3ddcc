package com.crayon.token.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks the {@code crayon.api.*} properties before anything is built, collecting every problem
 * of every client into one {@link InvalidCrayonApiPropertiesException} whose keys name the client.
 */
final class CrayonApiPropertiesValidator {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	/** A placeholder left in a value, without a default: {@code ${NAME}}. */
	private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^}:]+)}");

	private CrayonApiPropertiesValidator() {
	}

	/**
	 * Check the top-level endpoints only, for beans that need no credentials.
	 * @param properties the bound properties
	 * @throws InvalidCrayonApiPropertiesException if an endpoint is missing or insecure
	 */
	static void validateEndpoints(CrayonApiProperties properties) {
		Problems problems = new Problems();
		problems.require("crayon.api.base-url", properties.getBaseUrl());
		problems.checkUrl("crayon.api.base-url", properties.getBaseUrl(), properties.isAllowInsecureHttp());
		problems.checkUrl("crayon.api.token-uri", properties.getTokenUri(), properties.isAllowInsecureHttp());
		problems.throwIfAny();
	}

	/**
	 * Check every configured client: endpoints, credentials and token settings.
	 * @param properties the bound properties
	 * @param clients the clients they configure
	 * @throws InvalidCrayonApiPropertiesException if anything is missing, insecure or out of range
	 */
	static void validate(CrayonApiProperties properties, List<CrayonClientProperties> clients) {
		Problems problems = new Problems();
		for (CrayonClientProperties client : clients) {
			problems.require(client.key("base-url"), client.baseUrl());
			problems.require(client.key("client-id"), client.clientId());
			problems.require(client.key("client-secret"), client.clientSecret());
			problems.require(client.key("username"), client.username());
			problems.require(client.key("password"), client.password());
			problems.require(client.key("scope"), client.scope());
			problems.checkUrl(client.key("base-url"), client.baseUrl(), properties.isAllowInsecureHttp());
			problems.checkUrl(client.key("token-uri"), client.tokenUri(), properties.isAllowInsecureHttp());
			if (client.refreshBeforeExpiry().compareTo(client.expiryMargin()) <= 0) {
				problems.invalid.add(client.key("token.refresh-before-expiry") + " (" + client.refreshBeforeExpiry()
						+ ") must be greater than " + client.key("token.expiry-margin") + " ("
						+ client.expiryMargin() + "), or tokens would never be refreshed in the background");
			}
			problems.requireAtMost(client.key("token.retry.initial-backoff"), client.initialBackoff(),
					client.key("token.retry.max-backoff"), client.maxBackoff());
			problems.requireAtMost(client.key("token.retry.credential-backoff"), client.credentialBackoff(),
					client.key("token.retry.max-credential-backoff"), client.maxCredentialBackoff());
		}
		problems.throwIfAny();
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

	/**
	 * The problems found so far, by kind.
	 */
	private static final class Problems {

		private final List<String> missing = new ArrayList<>();

		private final List<String> insecure = new ArrayList<>();

		private final List<String> invalid = new ArrayList<>();

		void require(String key, @Nullable String value) {
			if (!StringUtils.hasText(value)) {
				this.missing.add(key);
				return;
			}
			Matcher placeholder = UNRESOLVED.matcher(value);
			if (placeholder.find()) {
				// Boot keeps a placeholder it cannot resolve as the value: name it, never the rest of the value
				String name = placeholder.group(1);
				this.invalid.add(key + " holds the placeholder ${" + name + "}, which nothing resolves: set the "
						+ "environment variable or property " + name + ", or give the placeholder a default");
			}
		}

		void requireAtMost(String key, Duration value, String maxKey, Duration max) {
			if (value.compareTo(max) > 0) {
				this.invalid.add(key + " (" + value + ") must not be greater than " + maxKey + " (" + max
						+ "): set both, or lower " + key);
			}
		}

		void checkUrl(String key, @Nullable String url, boolean allowInsecureHttp) {
			if (!StringUtils.hasText(url)) {
				return;
			}
			URI uri;
			try {
				uri = URI.create(url.trim());
			}
			catch (IllegalArgumentException ex) {
				this.invalid.add(key + " must be an absolute http or https URL, got '" + url + "'");
				return;
			}
			String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
			if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
				this.invalid.add(key + " must be an absolute http or https URL, got '" + url + "'");
			}
			else if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
				this.insecure.add(key);
			}
		}

		void throwIfAny() {
			if (!this.missing.isEmpty() || !this.insecure.isEmpty() || !this.invalid.isEmpty()) {
				throw new InvalidCrayonApiPropertiesException(this.missing, this.insecure, this.invalid);
			}
		}

	}

}
