package com.crayon.token.autoconfigure;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the {@link CrayonBearerExchangeFilterFunction} and of
 * {@code crayonWebClient}, a {@code WebClient} for the Crayon API that carries it.
 *
 * <p>{@code crayonWebClient} is built from a clone of Boot's {@code WebClient.Builder} (the
 * application's builder is never changed), is injected only where asked for by name
 * ({@code @Qualifier("crayonWebClient")}), never follows redirects, and never logs the
 * {@code Authorization} header.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class,
		afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class })
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@ConditionalOnBean(CrayonClientRegistry.class)
public final class CrayonWebClientAutoConfiguration {

	/** Name of the auto-configured {@code WebClient} for the Crayon API. */
	public static final String WEB_CLIENT_BEAN_NAME = "crayonWebClient";

	@Bean
	@ConditionalOnMissingBean
	CrayonBearerExchangeFilterFunction crayonBearerExchangeFilterFunction(CrayonClientRegistry crayonClientRegistry) {
		return new CrayonBearerExchangeFilterFunction(crayonClientRegistry);
	}

	@Bean(name = WEB_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient crayonWebClient(CrayonClientRegistry crayonClientRegistry, CrayonApiProperties properties,
			CrayonBearerExchangeFilterFunction crayonBearerFilter,
			ObjectProvider<WebClient.Builder> webClientBuilder, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		return webClientBuilder.getIfAvailable(WebClient::builder)
			.clone()
			.baseUrl(baseUrl(crayonClientRegistry, properties))
			.filter(crayonBearerFilter)
			.clientConnector(CrayonHttpConnectors.connector(beanFactory, connectorBuilder, httpClientSettings))
			.codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(false))
			.build();
	}

	/**
	 * Return the default client's base URL, or the top-level one when there is no default client.
	 */
	static String baseUrl(CrayonClientRegistry clients, CrayonApiProperties properties) {
		String name = clients.defaultName();
		if (name != null) {
			return clients.baseUrl(name);
		}
		CrayonClientSettingsMapper mapper = new CrayonClientSettingsMapper(properties);
		return mapper.baseUrl(mapper.topLevel());
	}

}
