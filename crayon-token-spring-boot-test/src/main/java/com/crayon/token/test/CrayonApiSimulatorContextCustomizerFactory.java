package com.crayon.token.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Creates a {@link CrayonApiSimulatorContextCustomizer} for test classes annotated with
 * {@link EnableCrayonApiSimulator}; registered in {@code META-INF/spring.factories}.
 */
final class CrayonApiSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EnableCrayonApiSimulator annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EnableCrayonApiSimulator.class);
		return (annotation != null) ? new CrayonApiSimulatorContextCustomizer(annotation) : null;
	}

}
