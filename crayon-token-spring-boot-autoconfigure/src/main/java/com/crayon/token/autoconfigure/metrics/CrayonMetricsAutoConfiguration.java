package com.crayon.token.autoconfigure.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.metrics.CrayonTokenMetrics;
import com.crayon.token.metrics.MeterRegistryCrayonTokenListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the token meters: the {@code crayon.token.expiry} gauge and the
 * {@code crayon.token.invalidations} counter, in the application's {@link MeterRegistry}.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, CrayonTokenMetrics.class })
@ConditionalOnBean(MeterRegistry.class)
public final class CrayonMetricsAutoConfiguration {

	@Bean
	MeterRegistryCrayonTokenListener crayonTokenMetricsListener(MeterRegistry meterRegistry) {
		return new MeterRegistryCrayonTokenListener(meterRegistry);
	}

	@Bean
	@ConditionalOnBean(CrayonClientRegistry.class)
	CrayonTokenMetrics crayonTokenMetrics(CrayonClientRegistry crayonClientRegistry) {
		Map<String, CrayonTokenService> configured = new LinkedHashMap<>();
		crayonClientRegistry.configuredNames().forEach((name) -> configured.put(name, crayonClientRegistry.get(name)));
		return new CrayonTokenMetrics(configured);
	}

}
