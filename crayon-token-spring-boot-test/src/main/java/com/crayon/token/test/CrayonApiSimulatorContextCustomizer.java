package com.crayon.token.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts one {@link CrayonApiSimulator} per application context, registers it as the bean
 * {@value #BEAN_NAME}, points {@code crayon.api.*} at it, and stops it with the context. Equal
 * for equal annotations, so that the context cache keys on them.
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
		CrayonApiSimulator simulator = CrayonApiSimulator.builder()
			.client(this.annotation.clientId(), this.annotation.clientSecret())
			.user(this.annotation.username(), this.annotation.password())
			.expiresIn(DurationStyle.detectAndParse(this.annotation.expiresIn()))
			.start();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, simulator);
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, simulator::close);
		addProperties(context.getEnvironment().getPropertySources(), simulator);
	}

	/**
	 * Put the simulator's properties below the test's inlined properties, above everything else.
	 */
	private static void addProperties(MutablePropertySources sources, CrayonApiSimulator simulator) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("crayon.api.base-url", simulator.baseUrl());
		properties.put("crayon.api.client-id", simulator.clientId());
		properties.put("crayon.api.client-secret", simulator.clientSecret());
		properties.put("crayon.api.username", simulator.username());
		properties.put("crayon.api.password", simulator.password());
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
