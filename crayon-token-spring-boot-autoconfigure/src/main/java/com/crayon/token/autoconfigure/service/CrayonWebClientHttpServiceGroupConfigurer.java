package com.crayon.token.autoconfigure.service;

import java.util.function.Function;

import com.crayon.token.web.CrayonBearerExchangeFilterFunction;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Gives the {@code WebClient} of the Crayon HTTP service group, and of no other group, the
 * {@link CrayonBearerExchangeFilterFunction}, the Crayon API's base URL, a connector that never
 * follows redirects, and codecs that never log request details.
 */
final class CrayonWebClientHttpServiceGroupConfigurer implements WebClientHttpServiceGroupConfigurer {

	private final CrayonHttpServiceGroups groups;

	private final Function<CrayonHttpServiceGroup, CrayonBearerExchangeFilterFunction> filter;

	private final Function<HttpClientSettings, ClientHttpConnector> connector;

	CrayonWebClientHttpServiceGroupConfigurer(CrayonHttpServiceGroups groups,
			Function<CrayonHttpServiceGroup, CrayonBearerExchangeFilterFunction> filter,
			Function<HttpClientSettings, ClientHttpConnector> connector) {
		this.groups = groups;
		this.filter = filter;
		this.connector = connector;
	}

	@Override
	public int getOrder() {
		return CrayonHttpServiceGroup.ORDER;
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		this.groups.configureEach(groups, this::configureClient);
	}

	private void configureClient(CrayonHttpServiceGroup crayon, HttpServiceGroup group, WebClient.Builder builder) {
		String baseUrl = crayon.baseUrl(group);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		builder.clientConnector(this.connector.apply(crayon.settings(group)))
			.codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(false))
			.filter(this.filter.apply(crayon));
	}

	@Override
	public String toString() {
		return "CrayonWebClientHttpServiceGroupConfigurer" + this.groups.groups();
	}

}
