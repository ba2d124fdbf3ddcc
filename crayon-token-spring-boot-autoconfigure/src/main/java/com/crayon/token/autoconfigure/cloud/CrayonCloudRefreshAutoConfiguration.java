package com.crayon.token.autoconfigure.cloud;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.autoconfigure.CrayonApiProperties;
import com.crayon.token.autoconfigure.CrayonClientsRebinder;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Spring Cloud's refresh for the Crayon clients, where
 * {@code spring-cloud-context} is on the class path: an {@link EnvironmentChangeEvent} that
 * touches {@code crayon.api.*} ({@code /actuator/refresh}, Spring Cloud Bus, a Kubernetes
 * configuration watcher) gives the configured clients the new configuration, and nothing else is
 * rebuilt.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class)
@ConditionalOnClass(EnvironmentChangeEvent.class)
@ConditionalOnBean(CrayonClientRegistry.class)
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
public final class CrayonCloudRefreshAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CrayonEnvironmentChangeListener crayonEnvironmentChangeListener(ApplicationContext applicationContext,
			CrayonClientRegistry crayonClientRegistry, CrayonApiProperties properties) {
		return new CrayonEnvironmentChangeListener(applicationContext,
				new CrayonClientsRebinder(crayonClientRegistry, properties));
	}

}
