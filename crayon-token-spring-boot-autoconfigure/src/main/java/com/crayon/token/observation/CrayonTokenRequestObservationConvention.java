package com.crayon.token.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for token requests; declare a bean of this type to change their
 * name or key values.
 */
public interface CrayonTokenRequestObservationConvention extends ObservationConvention<CrayonTokenRequestContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CrayonTokenRequestContext;
	}

}
