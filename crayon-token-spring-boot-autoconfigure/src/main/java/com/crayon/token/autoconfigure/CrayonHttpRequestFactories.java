package com.crayon.token.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.core.type.MethodMetadata;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Chooses the {@link ClientHttpRequestFactory} of the starter's RestClients the Spring Boot way,
 * so that proxies and TLS configured for the application reach them too.
 *
 * <p>An application's own {@code ClientHttpRequestFactory} bean is used as it is. Otherwise the
 * factory comes from Boot's {@link ClientHttpRequestFactoryBuilder} bean (with every
 * {@code ClientHttpRequestFactoryBuilderCustomizer} applied, such as a proxy) and the given
 * {@link HttpClientSettings} (timeouts, SSL bundle), with redirects never followed.
 */
public final class CrayonHttpRequestFactories {

	/** The auto-configuration whose {@code ClientHttpRequestFactory} follows redirects by default. */
	private static final String BOOT_REQUEST_FACTORY_CONFIGURATION = "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration";

	private CrayonHttpRequestFactories() {
	}

	/**
	 * Return the request factory for {@code crayonRestClient} and the Crayon HTTP service group.
	 * @param beanFactory the bean factory, to find an application's own request factory
	 * @param builder Boot's request factory builder
	 * @param settings the HTTP client settings to build with
	 * @return the request factory
	 */
	public static ClientHttpRequestFactory requestFactory(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, HttpClientSettings settings) {
		ClientHttpRequestFactory own = applicationRequestFactory(beanFactory);
		if (own != null) {
			return own;
		}
		return builder.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(beanFactory.getBeanClassLoader()))
			.build(settings.withRedirects(HttpRedirects.DONT_FOLLOW));
	}

	private static @Nullable ClientHttpRequestFactory applicationRequestFactory(
			ConfigurableListableBeanFactory beanFactory) {
		String[] names = beanFactory.getBeanNamesForType(ClientHttpRequestFactory.class, true, false);
		if (names.length != 1 || isBootDefault(beanFactory.getMergedBeanDefinition(names[0]))) {
			return null;
		}
		return beanFactory.getBean(names[0], ClientHttpRequestFactory.class);
	}

	private static boolean isBootDefault(BeanDefinition definition) {
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null && BOOT_REQUEST_FACTORY_CONFIGURATION.equals(factoryMethod.getDeclaringClassName());
	}

}
