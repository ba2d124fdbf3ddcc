package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientRegistryBuilder;
import com.crayon.token.CrayonTokenStore;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of {@link CrayonClientRegistry} (every configured client: the top-level one,
 * named {@code default}, and those under {@code crayon.api.clients.<name>}) and of the
 * {@link CrayonTokenService} of the default client, or of the only client when one is configured.
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
	@ConditionalOnBooleanProperty("crayon.api.fetch-on-startup")
	@ConditionalOnBean(CrayonClientRegistry.class)
	CrayonTokenWarmUp crayonTokenWarmUp(CrayonClientRegistry crayonClientRegistry) {
		return new CrayonTokenWarmUp(crayonClientRegistry);
	}

	/**
	 * Clients from the properties, unless the application has a token service of its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CrayonTokenService.class)
	static class TokenServicesFromProperties {

		@Bean
		@ConditionalOnMissingBean
		CrayonClientRegistry crayonClientRegistry(CrayonApiProperties properties,
				ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<CodecCustomizer> codecCustomizers,
				ObjectProvider<CrayonTokenListener> listeners, ObjectProvider<CrayonTokenStore> stores,
				Environment environment) {
			RenamedCrayonApiProperties.check(environment);
			CrayonApiPropertiesValidator.validate(properties);
			CrayonClientSettingsMapper mapper = new CrayonClientSettingsMapper(properties);
			WebClient tokenClient = WebClient.builder()
				.clientConnector(CrayonHttpConnectors.connector(beanFactory, connectorBuilder, httpClientSettings))
				.codecs((codecs) -> {
					codecCustomizers.orderedStream().forEach((customizer) -> customizer.customize(codecs));
					codecs.defaultCodecs().enableLoggingRequestDetails(false);
				})
				.build();
			List<CrayonTokenListener> all = listeners.orderedStream().toList();
			CrayonTokenListener listener = all.isEmpty() ? new CrayonTokenListener() {
			} : CrayonTokenListener.composite(all);
			CrayonClientRegistryBuilder builder = CrayonClientRegistry.builder()
				.webClient(tokenClient)
				.listener(listener)
				.store(stores.getIfAvailable(CrayonTokenStore::local))
				.defaults(mapper.defaults())
				.maxConcurrentRequests(properties.getMaxConcurrentTokenRequests());
			mapper.clients().forEach((client) -> builder.client(client.name(), client.settings(), client.credentials()));
			Duration idleTimeout = properties.getIdleTimeout();
			if (idleTimeout != null) {
				builder.idleTimeout(idleTimeout);
			}
			return builder.build();
		}

		@Bean
		@Conditional(OnDefaultCrayonClientCondition.class)
		CrayonTokenService crayonTokenService(CrayonClientRegistry crayonClientRegistry) {
			String name = crayonClientRegistry.defaultName();
			if (name == null) {
				throw new IllegalStateException("No default Crayon client among " + crayonClientRegistry.configuredNames()
						+ "; inject CrayonClientRegistry and choose a client by name");
			}
			return crayonClientRegistry.get(name);
		}

	}

	/**
	 * The application's own token service as the default client.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CrayonTokenService.class)
	static class TokenServicesAroundApplicationService {

		@Bean
		@ConditionalOnMissingBean
		CrayonClientRegistry crayonClientRegistry(CrayonTokenService crayonTokenService, CrayonApiProperties properties) {
			CrayonApiPropertiesValidator.validateEndpoints(properties);
			CrayonClientSettingsMapper mapper = new CrayonClientSettingsMapper(properties);
			return CrayonClientRegistry.builder()
				.client(CrayonClientRegistry.DEFAULT_CLIENT, crayonTokenService, mapper.baseUrl(mapper.topLevel()))
				.build();
		}

	}

	/**
	 * Keeps the client secrets, passwords and the store key out of the Actuator {@code env} and
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
			return normalized.contains("crayonapi") && (normalized.endsWith("clientsecret")
					|| normalized.endsWith("password") || normalized.endsWith("storekey"));
		}

	}

}
