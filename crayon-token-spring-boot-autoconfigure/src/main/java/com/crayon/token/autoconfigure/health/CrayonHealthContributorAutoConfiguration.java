package com.crayon.token.autoconfigure.health;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.health.CrayonClientsHealthContributor;
import com.crayon.token.health.CrayonTokenHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code crayon} health contributor, switched off with
 * {@code management.health.crayon.enabled=false}. Like Spring Boot's own contributors it is
 * part of the root health, which is {@code DOWN} while it is; it is in neither the liveness nor
 * the readiness group, so probes of those keep the application in rotation through a Crayon
 * outage.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class,
		CrayonTokenHealthIndicator.class })
@ConditionalOnBean(CrayonClientRegistry.class)
@ConditionalOnEnabledHealthIndicator("crayon")
public final class CrayonHealthContributorAutoConfiguration {

	/**
	 * The health of the one configured client, or a composite with an entry per configured client;
	 * either way, once clients are registered at run time, with a {@code registered} summary of them.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "crayonHealthIndicator")
	HealthContributor crayonHealthIndicator(CrayonClientRegistry crayonClientRegistry) {
		if (crayonClientRegistry.configuredNames().size() == 1) {
			return new CrayonTokenHealthIndicator(
					crayonClientRegistry.get(crayonClientRegistry.configuredNames().iterator().next()), crayonClientRegistry);
		}
		return new CrayonClientsHealthContributor(crayonClientRegistry);
	}

}
