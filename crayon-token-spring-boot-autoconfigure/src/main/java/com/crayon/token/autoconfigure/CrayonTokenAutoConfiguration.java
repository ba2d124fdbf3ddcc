package com.crayon.token.autoconfigure;

import java.util.List;
import java.util.Locale;

import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of the {@link CrayonTokenService}, bound to {@code crayon.api.*}.
 *
 * <p>Token requests go through a {@code WebClient} of their own: Boot's codecs and connector
 * settings (proxy, TLS, timeouts), never the application's {@code WebClientCustomizer}s, never a
 * redirect, and never a log line with the form data or the {@code Authorization} header, whatever
 * {@code spring.http.codecs.log-request-details} says.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class, CodecCustomizer.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CrayonApiProperties.class)
public final class CrayonTokenAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CrayonTokenService crayonTokenService(CrayonApiProperties properties, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<CodecCustomizer> codecCustomizers,
			ObjectProvider<CrayonTokenListener> listeners) {
		CrayonApiPropertiesValidator.validate(properties, true);
		CrayonApiProperties.Token token = properties.getToken();
		CrayonApiProperties.Retry retry = token.getRetry();
		WebClient tokenClient = WebClient.builder()
			.clientConnector(CrayonHttpConnectors.connector(beanFactory, connectorBuilder, httpClientSettings))
			.codecs((codecs) -> {
				codecCustomizers.orderedStream().forEach((customizer) -> customizer.customize(codecs));
				codecs.defaultCodecs().enableLoggingRequestDetails(false);
			})
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
			.retry(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff())
			.credentialBackoff(retry.getCredentialBackoff(), retry.getMaxCredentialBackoff());
		if (properties.getTokenUri() != null) {
			builder.tokenUri(properties.getTokenUri());
		}
		List<CrayonTokenListener> all = listeners.orderedStream().toList();
		if (!all.isEmpty()) {
			builder.listener(CrayonTokenListener.composite(all));
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnBooleanProperty("crayon.api.token.fetch-on-startup")
	CrayonTokenWarmUp crayonTokenWarmUp(CrayonTokenService crayonTokenService) {
		return new CrayonTokenWarmUp(crayonTokenService);
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
