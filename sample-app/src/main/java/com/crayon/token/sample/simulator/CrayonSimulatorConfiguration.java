package com.crayon.token.sample.simulator;

import java.time.Clock;

import com.crayon.token.test.CrayonApiSimulator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the Crayon API simulator of {@code crayon-token-spring-boot-test}, served on this
 * application's own port, on unless {@code crayon.simulator.enabled=false}.
 *
 * <p>Issued tokens expire by the application's {@link Clock} bean if it has exactly one, else by
 * the system clock.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "crayon.simulator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CrayonSimulatorProperties.class)
final class CrayonSimulatorConfiguration {

	private static final Log logger = LogFactory.getLog(CrayonSimulatorConfiguration.class);

	@Bean
	RouterFunction<ServerResponse> crayonSimulatorRoutes(CrayonSimulatorProperties properties,
			ObjectProvider<Clock> clock) {
		Assert.isTrue(properties.getExpiresIn().getSeconds() >= 1,
				"crayon.simulator.expires-in must be at least 1 second");
		RouterFunction<ServerResponse> routes = CrayonApiSimulator.builder()
			.client(properties.getClientId(), properties.getClientSecret())
			.user(properties.getUsername(), properties.getPassword())
			.expiresIn(properties.getExpiresIn())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.routes();
		logger.info("Serving a simulated Crayon API under /api/v1/ for client " + properties.getClientId()
				+ " and user " + properties.getUsername() + " (" + howToTurnOff() + ")");
		return routes;
	}

	/**
	 * Say how to turn the simulator off: under AOT its condition was decided at build time.
	 */
	private static String howToTurnOff() {
		if (AotDetector.useGeneratedArtifacts()) {
			return "AOT-processed: crayon.simulator.enabled and crayon.api.enabled were fixed at build time,"
					+ " so build with -Dspring-boot.aot.jvmArguments=-Dcrayon.simulator.enabled=false to turn it off";
		}
		return "crayon.simulator.enabled=false turns it off";
	}

}
