package com.crayon.token.autoconfigure.observation;

import com.crayon.token.CrayonTokenListener;
import com.crayon.token.observation.CrayonTokenRequestObservationConvention;
import com.crayon.token.observation.ObservationCrayonTokenListener;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the observation of token requests ({@code crayon.token.requests}), with
 * the application's {@link ObservationRegistry}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, CrayonTokenListener.class })
@ConditionalOnBean(ObservationRegistry.class)
public final class CrayonObservationAutoConfiguration {

	@Bean
	ObservationCrayonTokenListener crayonTokenObservationListener(ObservationRegistry observationRegistry,
			ObjectProvider<CrayonTokenRequestObservationConvention> convention) {
		return new ObservationCrayonTokenListener(observationRegistry, convention.getIfUnique());
	}

}
