package com.crayon.token.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonClientSettings.Violation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks the {@code crayon.api.*} properties before anything is built, collecting every problem
 * of every client into one {@link InvalidCrayonApiPropertiesException} whose keys name the client.
 * What must be set and which URLs may use plain http are checked here; every rule between the
 * settings is {@link CrayonClientSettings}', named here by its keys.
 */
final class CrayonApiPropertiesValidator {

	/** Key of each setting below a client's prefix, by the setting's name in {@link CrayonClientSettings}. */
	private static final Map<String, String> KEYS = Map.ofEntries(Map.entry("baseUrl", "base-url"),
			Map.entry("tokenUri", "token-uri"), Map.entry("expiryMargin", "token.expiry-margin"),
			Map.entry("refreshBeforeExpiry", "token.refresh-before-expiry"),
			Map.entry("refreshJitter", "token.refresh-jitter"), Map.entry("timeout", "token.timeout"),
			Map.entry("maxAttempts", "token.retry.max-attempts"),
			Map.entry("initialBackoff", "token.retry.initial-backoff"),
			Map.entry("maxBackoff", "token.retry.max-backoff"),
			Map.entry("credentialBackoff", "token.retry.credential-backoff"),
			Map.entry("maxCredentialBackoff", "token.retry.max-credential-backoff"));

	private static final Set<String> ENDPOINTS = Set.of("baseUrl", "tokenUri");

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
		CrayonClientSettingsMapper mapper = new CrayonClientSettingsMapper(properties);
		Problems problems = new Problems(properties.isAllowInsecureHttp());
		CrayonClientSettingsMapper.Source topLevel = mapper.topLevel();
		problems.require(topLevel.key("base-url"), mapper.baseUrl(topLevel));
		problems.checkSettings(mapper, topLevel, (violation) -> ENDPOINTS.containsAll(violation.settings()));
		problems.throwIfAny();
	}

	/**
	 * Check every configured client: endpoints, credentials and settings.
	 * @param properties the bound properties
	 * @throws InvalidCrayonApiPropertiesException if anything is missing, insecure or out of range
	 */
	static void validate(CrayonApiProperties properties) {
		CrayonClientSettingsMapper mapper = new CrayonClientSettingsMapper(properties);
		Problems problems = new Problems(properties.isAllowInsecureHttp());
		for (CrayonClientSettingsMapper.Source client : mapper.sources()) {
			problems.require(client.key("base-url"), mapper.baseUrl(client));
			problems.require(client.key("client-id"), mapper.value(client, CrayonClientProperties::getClientId));
			problems.require(client.key("client-secret"),
					mapper.value(client, CrayonClientProperties::getClientSecret));
			problems.require(client.key("username"), mapper.value(client, CrayonClientProperties::getUsername));
			problems.require(client.key("password"), mapper.value(client, CrayonClientProperties::getPassword));
			problems.require(client.key("scope"), mapper.scope(client));
			problems.checkSettings(mapper, client, (violation) -> true);
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

		private final boolean allowInsecureHttp;

		private final List<String> missing = new ArrayList<>();

		private final List<String> insecure = new ArrayList<>();

		private final Set<String> invalid = new LinkedHashSet<>();

		Problems(boolean allowInsecureHttp) {
			this.allowInsecureHttp = allowInsecureHttp;
		}

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

		/**
		 * Check a client's endpoints for plain http, then ask its settings for the rules they
		 * break (those the filter accepts), each named by the client's keys. A client without a
		 * base URL has nothing to check; a token URI violation is reported only if the client
		 * sets one, since the one below a broken base URL is broken because of it.
		 */
		void checkSettings(CrayonClientSettingsMapper mapper, CrayonClientSettingsMapper.Source client,
				Predicate<Violation> filter) {
			String baseUrl = mapper.baseUrl(client);
			String tokenUri = mapper.tokenUri(client);
			boolean parsed = checkHttp(client.key("base-url"), baseUrl) & checkHttp(client.key("token-uri"), tokenUri);
			if (!parsed || !StringUtils.hasText(baseUrl)) {
				return;
			}
			for (Violation violation : mapper.settings(client).violations()) {
				boolean derived = tokenUri == null && violation.settings().equals(List.of("tokenUri"));
				if (filter.test(violation) && !derived) {
					this.invalid.add(violation.describe((setting) -> client.key(KEYS.get(setting))));
				}
			}
		}

		/**
		 * Note an http URL to a host that is not loopback unless allowed; return whether the URL
		 * is unset or a URI at all (whether it is an absolute http or https URL is a rule of the
		 * settings).
		 */
		private boolean checkHttp(String key, @Nullable String url) {
			if (!StringUtils.hasText(url)) {
				return true;
			}
			URI uri;
			try {
				uri = URI.create(url);
			}
			catch (IllegalArgumentException ex) {
				this.invalid.add(key + " must be a URI, got '" + url + "'");
				return false;
			}
			if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !this.allowInsecureHttp
					&& !isLoopback(uri.getHost())) {
				this.insecure.add(key);
			}
			return true;
		}

		void throwIfAny() {
			if (!this.missing.isEmpty() || !this.insecure.isEmpty() || !this.invalid.isEmpty()) {
				throw new InvalidCrayonApiPropertiesException(this.missing, this.insecure, List.copyOf(this.invalid));
			}
		}

	}

}
