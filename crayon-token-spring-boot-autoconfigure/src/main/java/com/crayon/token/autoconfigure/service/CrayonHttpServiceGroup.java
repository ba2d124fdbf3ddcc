package com.crayon.token.autoconfigure.service;

import java.util.List;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.web.CrayonClientRequestValuesProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.util.StringUtils;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer;

/**
 * An HTTP service group that calls the Crayon API, by name, with the client whose token it carries
 * (the {@code crayon} group: the default client; a group named after a configured client: that
 * client), and how its client is set up
 * whatever its client type: the Crayon API's base URL unless the group's
 * {@code spring.http.serviceclient.<group>.base-url} sets one, and the group's HTTP client
 * settings (timeouts, SSL bundle) with redirects never followed.
 *
 * <p>Its configurers run at {@link #ORDER}: after Spring Boot's own (the group's properties,
 * then every {@code RestClientCustomizer} or {@code WebClientCustomizer} at order 0), so that
 * the bearer decorator is the innermost one and redirects stay off, and before an application's
 * configurers at the default lowest precedence, which may still change anything.
 */
final class CrayonHttpServiceGroup {

	/** Order of the Crayon group configurers. */
	static final int ORDER = 10;

	private final String name;

	private final String clientName;

	private final String baseUrl;

	private final @Nullable HttpServiceClientProperties properties;

	private final HttpClientSettingsPropertyMapper settingsMapper;

	/**
	 * Describe a group.
	 * @param name the group's name
	 * @param clientName the Crayon client whose token its requests carry
	 * @param baseUrl the client's Crayon API base URL
	 * @param properties the groups' {@code spring.http.serviceclient.*} properties, if bound
	 * @param settingsMapper maps a group's properties onto the application's HTTP client settings
	 */
	CrayonHttpServiceGroup(String name, String clientName, String baseUrl,
			@Nullable HttpServiceClientProperties properties, HttpClientSettingsPropertyMapper settingsMapper) {
		this.name = name;
		this.clientName = clientName;
		this.baseUrl = baseUrl;
		this.properties = properties;
		this.settingsMapper = settingsMapper;
	}

	String name() {
		return this.name;
	}

	String clientName() {
		return this.clientName;
	}

	/**
	 * Return the base URL the starter gives a group's client.
	 * @param group the group
	 * @return the Crayon API's base URL, or {@code null} when the group's own property sets one
	 */
	@Nullable String baseUrl(HttpServiceGroup group) {
		return (ownBaseUrl(group) != null) ? null : this.baseUrl;
	}

	/**
	 * Return the base URL of a group's own {@code spring.http.serviceclient.<group>.base-url}.
	 */
	private @Nullable String ownBaseUrl(HttpServiceGroup group) {
		HttpClientProperties own = properties(group);
		return (own != null && StringUtils.hasText(own.getBaseUrl())) ? own.getBaseUrl() : null;
	}

	/**
	 * Return the HTTP client settings of a group's client, as Spring Boot maps them.
	 * @param group the group
	 * @return the settings; the caller turns redirects off
	 */
	HttpClientSettings settings(HttpServiceGroup group) {
		return this.settingsMapper.map(properties(group));
	}

	private @Nullable HttpClientProperties properties(HttpServiceGroup group) {
		return (this.properties != null) ? this.properties.get(group.name()) : null;
	}

	/**
	 * Check that every client the group's interfaces or methods name with {@code @CrayonClient}
	 * authenticates requests below the group's base URL.
	 * @param processor the group's processor
	 * @param group the application's group
	 * @param clients the clients
	 * @throws InvalidCrayonHttpServiceGroupException naming the group, the methods and clients
	 */
	void verify(CrayonClientRequestValuesProcessor processor, HttpServiceGroup group, CrayonClientRegistry clients) {
		String own = ownBaseUrl(group);
		String baseUrl = (own != null) ? own : this.baseUrl;
		List<String> problems = processor.requestsOutsideTheirClient(clients, baseUrl);
		if (!problems.isEmpty()) {
			throw new InvalidCrayonHttpServiceGroupException(this.name, "HTTP service group '" + this.name
					+ "' sends its requests below " + baseUrl + ", but " + String.join("; ", problems),
					"name a client whose base URL covers the group's, register the interface in that client's own "
							+ "group (@ImportHttpServices(group = \"<client>\", ...)), or set "
							+ "spring.http.serviceclient." + this.name + ".base-url below the client's base URL");
		}
	}

	@Override
	public String toString() {
		return "CrayonHttpServiceGroup[" + this.name + ", client=" + this.clientName + "]";
	}

	/**
	 * Configures the client builder of one Crayon group.
	 *
	 * @param <B> the type of client builder
	 */
	@FunctionalInterface
	interface ClientConfiguration<B> {

		/**
		 * Configure the group's client builder.
		 * @param crayon the Crayon group
		 * @param group the application's group of that name
		 * @param builder its client builder
		 */
		void configure(CrayonHttpServiceGroup crayon, HttpServiceGroup group, B builder);

	}

}
