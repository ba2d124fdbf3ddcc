package com.crayon.token.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.core.type.MethodMetadata;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Chooses the {@link ClientHttpConnector} of the starter's own WebClients the Spring Boot way, so
 * that proxies and TLS configured for the application reach the token request too.
 *
 * <p>An application's own {@code ClientHttpConnector} bean is used as it is. Otherwise the
 * connector comes from Boot's {@link ClientHttpConnectorBuilder} bean (with every
 * {@code ClientHttpConnectorBuilderCustomizer} applied, such as a proxy) and the
 * {@link HttpClientSettings} of {@code spring.http.clients.*} (timeouts, SSL bundle), with
 * redirects never followed.
 */
public final class CrayonHttpConnectors {

	/** The auto-configuration whose {@code ClientHttpConnector} follows redirects by default. */
	private static final String BOOT_CONNECTOR_CONFIGURATION = "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration";

	private CrayonHttpConnectors() {
	}

	/**
	 * Return the connector for the token request and {@code crayonWebClient}.
	 * @param beanFactory the bean factory, to find an application's own connector
	 * @param builder Boot's connector builder
	 * @param settings Boot's HTTP client settings
	 * @return the connector
	 */
	static ClientHttpConnector connector(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpConnectorBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings) {
		return connector(beanFactory, builder, settings.getIfAvailable(HttpClientSettings::defaults));
	}

	/**
	 * Return the connector for a client built with the given settings, such as those of an HTTP
	 * service group.
	 * @param beanFactory the bean factory, to find an application's own connector
	 * @param builder Boot's connector builder
	 * @param settings the HTTP client settings to build with
	 * @return the connector
	 */
	public static ClientHttpConnector connector(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpConnectorBuilder<?>> builder, HttpClientSettings settings) {
		ClientHttpConnector own = applicationConnector(beanFactory);
		if (own != null) {
			return own;
		}
		return builder.getIfAvailable(ClientHttpConnectorBuilder::detect)
			.build(settings.withRedirects(HttpRedirects.DONT_FOLLOW));
	}

	private static @Nullable ClientHttpConnector applicationConnector(ConfigurableListableBeanFactory beanFactory) {
		String[] names = beanFactory.getBeanNamesForType(ClientHttpConnector.class, true, false);
		if (names.length != 1 || isBootDefault(beanFactory.getMergedBeanDefinition(names[0]))) {
			return null;
		}
		return beanFactory.getBean(names[0], ClientHttpConnector.class);
	}

	private static boolean isBootDefault(BeanDefinition definition) {
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null && BOOT_CONNECTOR_CONFIGURATION.equals(factoryMethod.getDeclaringClassName());
	}

}
