package com.crayon.token.sample.simulator;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrayonSimulatorConfiguration}.
 */
class CrayonSimulatorConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(CrayonSimulatorConfiguration.class);

	@Test
	void routesWhenEnabledPropertyMissingThenSimulatorServes() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("crayonSimulatorRoutes")
			.hasSingleBean(CrayonSimulatorProperties.class));
	}

	@Test
	void routesWhenDisabledThenNoSimulator() {
		this.contextRunner.withPropertyValues("crayon.simulator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("crayonSimulatorRoutes")
				.doesNotHaveBean(CrayonSimulatorProperties.class));
	}

	@Test
	void routesWhenExpiresInBelowOneSecondThenFailsNamingTheKey() {
		this.contextRunner.withPropertyValues("crayon.simulator.expires-in=500ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("crayon.simulator.expires-in"));
	}

}
