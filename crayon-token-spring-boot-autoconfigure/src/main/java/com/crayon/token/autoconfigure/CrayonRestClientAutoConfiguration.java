package com.crayon.token.autoconfigure;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of the {@link CrayonBearerClientHttpRequestInterceptor} and of
 * {@code crayonRestClient}, a {@code RestClient} for the Crayon API that carries it.
 *
 * <p>{@code crayonRestClient} is built from a clone of Boot's {@code RestClient.Builder} (the
 * application's builder is never changed), is injected only where asked for by name
 * ({@code @Qualifier("crayonRestClient")}), and never follows redirects.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@ConditionalOnBean(CrayonClientRegistry.class)
public final class CrayonRestClientAutoConfiguration {

	/** Name of the auto-configured {@code RestClient} for the Crayon API. */
	public static final String REST_CLIENT_BEAN_NAME = "crayonRestClient";

	@Bean
	@ConditionalOnMissingBean
	CrayonBearerClientHttpRequestInterceptor crayonBearerClientHttpRequestInterceptor(
			CrayonClientRegistry crayonClientRegistry) {
		return new CrayonBearerClientHttpRequestInterceptor(crayonClientRegistry);
	}

	@Bean(name = REST_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = REST_CLIENT_BEAN_NAME)
	RestClient crayonRestClient(CrayonClientRegistry crayonClientRegistry, CrayonApiProperties properties,
			CrayonBearerClientHttpRequestInterceptor crayonBearer,
			ObjectProvider<RestClient.Builder> restClientBuilder, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		return restClientBuilder.getIfAvailable(RestClient::builder)
			.clone()
			.baseUrl(CrayonWebClientAutoConfiguration.baseUrl(crayonClientRegistry, properties))
			.requestInterceptor(crayonBearer)
			.requestFactory(CrayonHttpRequestFactories.requestFactory(beanFactory, requestFactoryBuilder,
					httpClientSettings.getIfAvailable(HttpClientSettings::defaults)))
			.build();
	}

}
