package com.crayon.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.springframework.util.StringUtils;

/**
 * Where a client's tokens come from and how they are served: the Crayon API's base URL, its token
 * endpoint, and the timings of token requests, refreshes and retries; everything about a client
 * but its {@link CrayonCredentials}. Immutable, with every default and every rule between the
 * settings in this one place.
 *
 * <pre class="code">
 * CrayonClientSettings settings = CrayonClientSettings.builder("https://api.crayon.com")
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * </pre>
 *
 * @param baseUrl the Crayon API's base URL; a client's token goes only below it
 * @param tokenUri the token endpoint
 * @param expiryMargin how long before its expiry a token stops being served; at most a quarter of
 * its lifetime is used
 * @param refreshBeforeExpiry how long before its expiry a token is refreshed in the background;
 * never before half its lifetime, and greater than the margin
 * @param refreshJitter longest random delay of a token's background refresh, so that tokens
 * issued together are not all refreshed together; at most half of the time between the refresh
 * and the margin is used
 * @param timeout bound of one token request attempt, from connecting to reading the whole answer
 * @param maxAttempts attempts per token request, the first included
 * @param initialBackoff first wait after a transient failure
 * @param maxBackoff longest wait after a transient failure, and the window in which a token
 * rejected with HTTP 401 is replaced at most once
 * @param credentialBackoff first wait after the token endpoint rejected the credentials
 * @param maxCredentialBackoff longest wait after rejected credentials
 */
public record CrayonClientSettings(String baseUrl, URI tokenUri, Duration expiryMargin, Duration refreshBeforeExpiry,
		Duration refreshJitter, Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
		Duration credentialBackoff, Duration maxCredentialBackoff) {

	/** Base URL of the public Crayon API, which configuration properties use unless told otherwise: {@value}. */
	public static final String DEFAULT_BASE_URL = "https://api.crayon.com";

	/** Path of the token endpoint below the API's base URL: {@value}. */
	public static final String TOKEN_PATH = "/api/v1/connect/token";

	/** Default of {@link #expiryMargin()}: 30 seconds. */
	public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofSeconds(30);

	/** Default of {@link #refreshBeforeExpiry()}: 5 minutes. */
	public static final Duration DEFAULT_REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

	/** Default of {@link #refreshJitter()}: 2 minutes. */
	public static final Duration DEFAULT_REFRESH_JITTER = Duration.ofMinutes(2);

	/** Default of {@link #timeout()}: 10 seconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Default of {@link #maxAttempts()}: {@value}. */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** Default of {@link #initialBackoff()}: 200 milliseconds. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

	/** Default of {@link #maxBackoff()}: 5 seconds. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

	/** Default of {@link #credentialBackoff()}: 1 minute. */
	public static final Duration DEFAULT_CREDENTIAL_BACKOFF = Duration.ofMinutes(1);

	/** Default of {@link #maxCredentialBackoff()}: 30 minutes. */
	public static final Duration DEFAULT_MAX_CREDENTIAL_BACKOFF = Duration.ofMinutes(30);

	/**
	 * Create settings, checking every rule.
	 * @throws IllegalArgumentException naming each setting that is missing or out of range
	 */
	public CrayonClientSettings {
		List<Violation> violations = ClientSettingsRules.violations(baseUrl, tokenUri, expiryMargin, refreshBeforeExpiry, refreshJitter,
				timeout, maxAttempts, initialBackoff, maxBackoff, credentialBackoff, maxCredentialBackoff);
		if (!violations.isEmpty()) {
			throw new IllegalArgumentException(Violation.describe(violations, UnaryOperator.identity()));
		}
	}

	/**
	 * Start building settings with the defaults, for the Crayon API at the given base URL.
	 * @param baseUrl the API's base URL, such as {@code https://api.crayon.com}
	 * @return a new builder
	 */
	public static CrayonClientSettingsBuilder builder(String baseUrl) {
		return new CrayonClientSettingsBuilder(baseUrl);
	}

	/**
	 * Return settings with every default, for the Crayon API at the given base URL.
	 * @param baseUrl the API's base URL
	 * @return the settings
	 */
	public static CrayonClientSettings of(String baseUrl) {
		return builder(baseUrl).build();
	}

	/**
	 * Return a builder that starts from these settings.
	 * @return a new builder
	 */
	public CrayonClientSettingsBuilder mutate() {
		return new CrayonClientSettingsBuilder(this);
	}

	/**
	 * Return the token endpoint below a base URL, with exactly one slash between them.
	 * @param baseUrl the API's base URL, with or without a trailing slash
	 * @return the token endpoint's URI
	 */
	public static URI defaultTokenUri(String baseUrl) {
		return URI.create(StringUtils.trimTrailingCharacter(baseUrl, '/') + TOKEN_PATH);
	}

	/**
	 * Return the longest one token request can take: every attempt timing out, with the longest
	 * backoff and {@code Retry-After} wait between attempts.
	 * @return the bound
	 */
	public Duration requestBound() {
		return this.timeout.multipliedBy(this.maxAttempts)
			.plus(this.maxBackoff.multipliedBy(2L * (this.maxAttempts - 1)));
	}

	/**
	 * Return how long before its expiry a token of the given lifetime stops being served: the
	 * expiry margin, at most a quarter of the lifetime. Token services and stores both apply it.
	 * @param lifetime the token's lifetime
	 * @return the margin
	 */
	public Duration marginFor(Duration lifetime) {
		Duration quarter = lifetime.dividedBy(4);
		return (this.expiryMargin.compareTo(quarter) < 0) ? this.expiryMargin : quarter;
	}

	/**
	 * A rule the settings break: why, and which settings it is about, so that whoever set them
	 * (code, or configuration properties) can name them in its own words.
	 * @param template why, with each setting written as {@code {name}}
	 * @param settings the names of the settings, as the builder's methods name them
	 */
	public record Violation(String template, List<String> settings) {

		Violation(String template, String... settings) {
			this(template, List.of(settings));
		}

		/**
		 * Return why, with each setting named as the given function names it.
		 * @param names turns a setting's name (such as {@code expiryMargin}) into the caller's
		 * (such as {@code crayon.api.token.expiry-margin})
		 * @return the description
		 */
		public String describe(UnaryOperator<String> names) {
			String text = this.template;
			for (String setting : this.settings) {
				text = text.replace("{" + setting + "}", names.apply(setting));
			}
			return text;
		}

		static String describe(List<Violation> violations, UnaryOperator<String> names) {
			return String.join("; ", violations.stream().map((violation) -> violation.describe(names)).toList());
		}

	}

}
