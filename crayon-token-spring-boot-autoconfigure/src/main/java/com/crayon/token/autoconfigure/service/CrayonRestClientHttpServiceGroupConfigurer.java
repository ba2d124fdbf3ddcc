package com.crayon.token.autoconfigure.service;

import java.util.function.Function;

import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Gives the {@code RestClient} of the Crayon HTTP service group, and of no other group, the
 * {@link CrayonBearerClientHttpRequestInterceptor}, the Crayon API's base URL and a request
 * factory that never follows redirects.
 */
final class CrayonRestClientHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	private final CrayonHttpServiceGroups groups;

	private final Function<CrayonHttpServiceGroup, CrayonBearerClientHttpRequestInterceptor> interceptor;

	private final Function<HttpClientSettings, ClientHttpRequestFactory> requestFactory;

	CrayonRestClientHttpServiceGroupConfigurer(CrayonHttpServiceGroups groups,
			Function<CrayonHttpServiceGroup, CrayonBearerClientHttpRequestInterceptor> interceptor,
			Function<HttpClientSettings, ClientHttpRequestFactory> requestFactory) {
		this.groups = groups;
		this.interceptor = interceptor;
		this.requestFactory = requestFactory;
	}

	@Override
	public int getOrder() {
		return CrayonHttpServiceGroup.ORDER;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		this.groups.configureEach(groups, this::configureClient);
	}

	private void configureClient(CrayonHttpServiceGroup crayon, HttpServiceGroup group, RestClient.Builder builder) {
		String baseUrl = crayon.baseUrl(group);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		builder.requestFactory(this.requestFactory.apply(crayon.settings(group))).requestInterceptor(this.interceptor.apply(crayon));
	}

	@Override
	public String toString() {
		return "CrayonRestClientHttpServiceGroupConfigurer" + this.groups.groups();
	}

}
