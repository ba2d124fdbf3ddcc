package com.crayon.token.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts one {@link CrayonApiSimulator} per application context, registers it as the bean
 * {@value #BEAN_NAME}, points the clients the application configures under {@code crayon.api.*}
 * at it (each named client as a user of its own), and stops it with the context. Equal for equal
 * annotations, so that the context cache keys on them.
 */
final class CrayonApiSimulatorContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = "crayonApiSimulator";

	static final String PROPERTY_SOURCE_NAME = "crayonApiSimulator";

	private final EnableCrayonApiSimulator annotation;

	CrayonApiSimulatorContextCustomizer(EnableCrayonApiSimulator annotation) {
		this.annotation = annotation;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		ConfigurableEnvironment environment = context.getEnvironment();
		ApplicationClients clients = ApplicationClients.of(environment, this.annotation.clients());
		CrayonApiSimulator.Builder builder = CrayonApiSimulator.builder()
			.client(this.annotation.clientId(), this.annotation.clientSecret())
			.expiresIn(DurationStyle.detectAndParse(this.annotation.expiresIn()));
		if (clients.topLevel()) {
			builder.user(this.annotation.username(), this.annotation.password());
		}
		clients.named().forEach((name) -> builder.user(username(name), password(name)));
		CrayonApiSimulator simulator = builder.start();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, simulator);
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, simulator::close);
		addProperties(environment.getPropertySources(), properties(environment, clients, simulator));
	}

	/**
	 * Point the application's own clients at the simulator, and no other: the top-level
	 * credentials only if the application has a top-level client, a token URI only where the
	 * application sets one.
	 */
	private Map<String, Object> properties(ConfigurableEnvironment environment, ApplicationClients clients,
			CrayonApiSimulator simulator) {
		Map<String, Object> properties = new LinkedHashMap<>();
		// the base URL of crayonWebClient and of the HTTP service group, even without a top-level client
		properties.put("crayon.api.base-url", simulator.baseUrl());
		if (ApplicationClients.isSet(environment, "crayon.api.token-uri")) {
			properties.put("crayon.api.token-uri", simulator.tokenUri());
		}
		if (clients.topLevel()) {
			properties.put("crayon.api.client-id", simulator.clientId());
			properties.put("crayon.api.client-secret", simulator.clientSecret());
			properties.put("crayon.api.username", this.annotation.username());
			properties.put("crayon.api.password", this.annotation.password());
		}
		for (String name : clients.named()) {
			String prefix = "crayon.api.clients[" + name + "].";
			properties.put(prefix + "base-url", simulator.baseUrl());
			if (ApplicationClients.isSet(environment, prefix + "token-uri")) {
				properties.put(prefix + "token-uri", simulator.tokenUri());
			}
			properties.put(prefix + "client-id", simulator.clientId());
			properties.put(prefix + "client-secret", simulator.clientSecret());
			properties.put(prefix + "username", username(name));
			properties.put(prefix + "password", password(name));
		}
		return properties;
	}

	private String username(String client) {
		return this.annotation.username() + "-" + client;
	}

	private String password(String client) {
		return this.annotation.password() + "-" + client;
	}

	/**
	 * Put the simulator's properties below the test's inlined properties, above everything else.
	 */
	private static void addProperties(MutablePropertySources sources, Map<String, Object> properties) {
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
		String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
		if (sources.contains(inlined)) {
			sources.addAfter(inlined, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof CrayonApiSimulatorContextCustomizer customizer
				&& this.annotation.equals(customizer.annotation));
	}

	@Override
	public int hashCode() {
		return this.annotation.hashCode();
	}

}
