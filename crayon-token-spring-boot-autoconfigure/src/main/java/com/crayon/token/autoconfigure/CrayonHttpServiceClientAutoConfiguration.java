package com.crayon.token.autoconfigure;

import com.crayon.token.CrayonBearerClientHttpRequestInterceptor;
import com.crayon.token.CrayonBearerExchangeFilterFunction;
import com.crayon.token.CrayonTokenService;

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
@ConditionalOnBean({ CrayonTokenService.class, HttpServiceProxyRegistry.class })
public final class CrayonHttpServiceClientAutoConfiguration {

	@Bean
	CrayonHttpServiceGroup crayonHttpServiceGroup(CrayonApiProperties properties,
			ObjectProvider<HttpServiceClientProperties> groupProperties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		return new CrayonHttpServiceGroup(properties.getHttpServiceGroup(), properties.getBaseUrl(),
				groupProperties.getIfAvailable(), new HttpClientSettingsPropertyMapper(sslBundles.getIfAvailable(),
						httpClientSettings.getIfAvailable()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientHttpServiceGroupConfigurer.class, ClientHttpRequestFactoryBuilder.class })
	@ConditionalOnBean(CrayonBearerClientHttpRequestInterceptor.class)
	static final class RestClientGroupConfiguration {

		@Bean
		CrayonRestClientHttpServiceGroupConfigurer crayonRestClientHttpServiceGroupConfigurer(
				CrayonHttpServiceGroup crayonHttpServiceGroup, CrayonBearerClientHttpRequestInterceptor crayonBearer,
				ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder) {
			return new CrayonRestClientHttpServiceGroupConfigurer(crayonHttpServiceGroup, crayonBearer,
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
				CrayonHttpServiceGroup crayonHttpServiceGroup, CrayonBearerExchangeFilterFunction crayonBearer,
				ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder) {
			return new CrayonWebClientHttpServiceGroupConfigurer(crayonHttpServiceGroup, crayonBearer,
					(settings) -> CrayonHttpConnectors.connector(beanFactory, connectorBuilder, settings));
		}

	}

}
