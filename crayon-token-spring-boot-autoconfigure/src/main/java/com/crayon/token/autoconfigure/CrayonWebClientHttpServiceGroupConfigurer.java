package com.crayon.token.autoconfigure;

import java.util.function.Function;

import com.crayon.token.CrayonBearerExchangeFilterFunction;

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

	private final CrayonHttpServiceGroup group;

	private final CrayonBearerExchangeFilterFunction filter;

	private final Function<HttpClientSettings, ClientHttpConnector> connector;

	CrayonWebClientHttpServiceGroupConfigurer(CrayonHttpServiceGroup group, CrayonBearerExchangeFilterFunction filter,
			Function<HttpClientSettings, ClientHttpConnector> connector) {
		this.group = group;
		this.filter = filter;
		this.connector = connector;
	}

	@Override
	public int getOrder() {
		return CrayonHttpServiceGroup.ORDER;
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.filterByName(this.group.name()).forEachClient(this::configureClient);
	}

	private void configureClient(HttpServiceGroup group, WebClient.Builder builder) {
		String baseUrl = this.group.baseUrl(group);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		builder.clientConnector(this.connector.apply(this.group.settings(group)))
			.codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(false))
			.filter(this.filter);
	}

	@Override
	public String toString() {
		return "CrayonWebClientHttpServiceGroupConfigurer[" + this.group.name() + "]";
	}

}
