package com.crayon.token.autoconfigure;

import java.util.Locale;

import com.crayon.token.CrayonBearerExchangeFilterFunction;
import com.crayon.token.CrayonTokenService;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the {@link CrayonTokenService}, the
 * {@link CrayonBearerExchangeFilterFunction} and a {@code crayonWebClient} that carries it.
 *
 * <p>Both WebClients it builds start from Boot's {@code WebClient.Builder} and never follow
 * redirects, so neither the credentials nor a token can be sent on to another host.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CrayonApiProperties.class)
public final class CrayonTokenAutoConfiguration {

	/** Name of the auto-configured {@code WebClient} for the Crayon API. */
	public static final String WEB_CLIENT_BEAN_NAME = "crayonWebClient";

	@Bean
	@ConditionalOnMissingBean
	CrayonTokenService crayonTokenService(CrayonApiProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		CrayonApiPropertiesValidator.validate(properties, true);
		CrayonApiProperties.Token token = properties.getToken();
		CrayonApiProperties.Retry retry = token.getRetry();
		WebClient tokenClient = webClientBuilder.getIfAvailable(WebClient::builder)
			.clientConnector(connector(connectorBuilder, httpClientSettings))
			.build();
		CrayonTokenService.Builder builder = CrayonTokenService.builder()
			.webClient(tokenClient)
			.baseUrl(properties.getBaseUrl())
			.client(properties.getClientId(), properties.getClientSecret())
			.user(properties.getUsername(), properties.getPassword())
			.scope(properties.getScope())
			.expiryMargin(token.getExpiryMargin())
			.refreshBeforeExpiry(token.getRefreshBeforeExpiry())
			.timeout(token.getTimeout())
			.retry(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff());
		if (properties.getTokenUri() != null) {
			builder.tokenUri(properties.getTokenUri());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CrayonBearerExchangeFilterFunction crayonBearerExchangeFilterFunction(CrayonTokenService crayonTokenService,
			CrayonApiProperties properties) {
		CrayonApiPropertiesValidator.validate(properties, false);
		return new CrayonBearerExchangeFilterFunction(crayonTokenService, properties.getBaseUrl());
	}

	@Bean(name = WEB_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient crayonWebClient(CrayonApiProperties properties, CrayonBearerExchangeFilterFunction crayonBearerFilter,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		return webClientBuilder.getIfAvailable(WebClient::builder)
			.clientConnector(connector(connectorBuilder, httpClientSettings))
			.baseUrl(properties.getBaseUrl())
			.filter(crayonBearerFilter)
			.build();
	}

	private static ClientHttpConnector connector(ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings) {
		return connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect)
			.build(httpClientSettings.getIfAvailable(HttpClientSettings::defaults).withRedirects(HttpRedirects.DONT_FOLLOW));
	}

	/**
	 * Keeps the client secret and password out of the Actuator {@code env} and
	 * {@code configprops} endpoints, whatever their {@code show-values} setting.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static final class CrayonApiSanitizingConfiguration {

		@Bean
		SanitizingFunction crayonApiCredentialsSanitizingFunction() {
			return SanitizingFunction.of((data) -> isCredential(data.getLowerCaseKey()) ? data.withSanitizedValue() : data);
		}

		private static boolean isCredential(String key) {
			String normalized = key.replace("_", "").replace("-", "").replace(".", "").toLowerCase(Locale.ROOT);
			return normalized.contains("crayonapi")
					&& (normalized.endsWith("clientsecret") || normalized.endsWith("password"));
		}

	}

}
