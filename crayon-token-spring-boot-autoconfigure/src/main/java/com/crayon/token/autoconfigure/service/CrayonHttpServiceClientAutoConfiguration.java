package com.crayon.token.autoconfigure.service;

import java.util.ArrayList;
import java.util.List;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.autoconfigure.CrayonApiProperties;
import com.crayon.token.autoconfigure.CrayonHttpConnectors;
import com.crayon.token.autoconfigure.CrayonHttpRequestFactories;
import com.crayon.token.autoconfigure.CrayonRestClientAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonWebClientAutoConfiguration;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

/**
 * Auto-configuration of the HTTP service group named by {@code crayon.api.http-service-group}
 * ({@code crayon} by default): whether backed by a {@code RestClient} or a {@code WebClient}, its
 * client gets the bearer token and the Crayon API's base URL, and never follows redirects.
 *
 * <p>Only that group is touched: the starter never contributes a {@code RestClientCustomizer} or
 * {@code WebClientCustomizer}, which Spring Boot applies to every group and every client.
 */
@AutoConfiguration(after = { CrayonRestClientAutoConfiguration.class, CrayonWebClientAutoConfiguration.class },
		afterName = "org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration")
@ConditionalOnClass({ HttpServiceProxyRegistry.class, HttpServiceClientProperties.class })
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@ConditionalOnBean({ CrayonClientRegistry.class, HttpServiceProxyRegistry.class })
public final class CrayonHttpServiceClientAutoConfiguration {

	/**
	 * The groups that call the Crayon API: {@code crayon.api.http-service-group} for the default
	 * client, and one named after each other configured client. Without a default client, an
	 * application that registers HTTP services in {@code crayon.api.http-service-group} fails to
	 * start, naming the clients and the fix, unless a client of that name serves it.
	 */
	@Bean
	CrayonHttpServiceGroups crayonHttpServiceGroups(CrayonClientRegistry crayonClientRegistry,
			CrayonApiProperties properties, ObjectProvider<HttpServiceClientProperties> groupProperties,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<HttpClientSettings> httpClientSettings) {
		HttpServiceClientProperties bound = groupProperties.getIfAvailable();
		HttpClientSettingsPropertyMapper mapper = new HttpClientSettingsPropertyMapper(sslBundles.getIfAvailable(),
				httpClientSettings.getIfAvailable());
		List<CrayonHttpServiceGroup> groups = new ArrayList<>();
		String defaultClient = crayonClientRegistry.defaultName();
		String defaultGroup = properties.getHttpServiceGroup();
		if (defaultClient != null) {
			groups.add(new CrayonHttpServiceGroup(defaultGroup, defaultClient,
					crayonClientRegistry.baseUrl(defaultClient), bound, mapper));
		}
		for (String client : crayonClientRegistry.configuredNames()) {
			boolean defaultGroupServed = defaultClient != null && client.equals(defaultGroup);
			if (!client.equals(CrayonClientRegistry.DEFAULT_CLIENT) && !defaultGroupServed) {
				groups.add(new CrayonHttpServiceGroup(client, client, crayonClientRegistry.baseUrl(client), bound,
						mapper));
			}
		}
		return new CrayonHttpServiceGroups(List.copyOf(groups), defaultGroup, crayonClientRegistry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientHttpServiceGroupConfigurer.class, ClientHttpRequestFactoryBuilder.class })
	@ConditionalOnBean(CrayonBearerClientHttpRequestInterceptor.class)
	static final class RestClientGroupConfiguration {

		@Bean
		CrayonRestClientHttpServiceGroupConfigurer crayonRestClientHttpServiceGroupConfigurer(
				CrayonHttpServiceGroups crayonHttpServiceGroups, CrayonClientRegistry crayonClientRegistry,
				CrayonBearerClientHttpRequestInterceptor crayonBearer, ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder) {
			return new CrayonRestClientHttpServiceGroupConfigurer(crayonHttpServiceGroups,
					(group) -> group.clientName().equals(crayonClientRegistry.defaultName()) ? crayonBearer
							: new CrayonBearerClientHttpRequestInterceptor(crayonClientRegistry, group.clientName()),
					(settings) -> CrayonHttpRequestFactories.requestFactory(beanFactory, requestFactoryBuilder,
							settings));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientHttpServiceGroupConfigurer.class, ClientHttpConnectorBuilder.class })
	@ConditionalOnBean(CrayonBearerExchangeFilterFunction.class)
	static final class WebClientGroupConfiguration {

		@Bean
		CrayonWebClientHttpServiceGroupConfigurer crayonWebClientHttpServiceGroupConfigurer(
				CrayonHttpServiceGroups crayonHttpServiceGroups, CrayonClientRegistry crayonClientRegistry,
				CrayonBearerExchangeFilterFunction crayonBearer, ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder) {
			return new CrayonWebClientHttpServiceGroupConfigurer(crayonHttpServiceGroups,
					(group) -> group.clientName().equals(crayonClientRegistry.defaultName()) ? crayonBearer
							: new CrayonBearerExchangeFilterFunction(crayonClientRegistry, group.clientName()),
					(settings) -> CrayonHttpConnectors.connector(beanFactory, connectorBuilder, settings));
		}

	}

}
