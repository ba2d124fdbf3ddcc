package com.crayon.token.autoconfigure;

import com.crayon.token.CrayonClientRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the watcher of the files the clients' credentials come from, with
 * {@code crayon.api.reload-on-update=true}: a changed file gives the clients that use it new
 * credentials, as Spring Boot's SSL bundles reload their certificates.
 */
@AutoConfiguration(after = CrayonTokenAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "crayon.api.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("crayon.api.reload-on-update")
@ConditionalOnBean(CrayonClientRegistry.class)
public final class CrayonCredentialFilesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CrayonCredentialFilesWatcher crayonCredentialFilesWatcher(CrayonClientRegistry crayonClientRegistry,
			Environment environment, CrayonApiProperties properties) {
		return new CrayonCredentialFilesWatcher(crayonClientRegistry, environment, properties);
	}

}
