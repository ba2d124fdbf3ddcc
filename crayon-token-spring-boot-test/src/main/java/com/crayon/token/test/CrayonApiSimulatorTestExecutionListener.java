package com.crayon.token.test;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets the {@link CrayonApiSimulator} of a test class annotated with
 * {@link EnableCrayonApiSimulator} after each test method, so that faults and recorded requests
 * do not leak into the next test that shares the context; registered in
 * {@code META-INF/spring.factories}.
 */
final class CrayonApiSimulatorTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(), EnableCrayonApiSimulator.class)
				|| !testContext.hasApplicationContext()) {
			return;
		}
		testContext.getApplicationContext()
			.getBeanProvider(CrayonApiSimulator.class)
			.ifAvailable(CrayonApiSimulator::reset);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

}
