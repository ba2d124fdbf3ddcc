package com.crayon.token.observation;

import com.crayon.token.observation.CrayonTokenObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Default {@link CrayonTokenRequestObservationConvention}: named {@code crayon.token.requests},
 * with the client, the trigger and the outcome as low-cardinality key values, and nothing of
 * high cardinality (no user name, client id or token).
 */
public class DefaultCrayonTokenRequestObservationConvention implements CrayonTokenRequestObservationConvention {

	/** Name of the observation, and of the timer it gives: {@value}. */
	public static final String NAME = "crayon.token.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(CrayonTokenRequestContext context) {
		return "crayon token " + context.getTrigger().value();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CrayonTokenRequestContext context) {
		String outcome = (context.getOutcome() != null) ? context.getOutcome() : "unknown";
		return KeyValues.of(LowCardinalityKeyNames.CLIENT.withValue(context.getClientName()),
				LowCardinalityKeyNames.TRIGGER.withValue(context.getTrigger().value()),
				LowCardinalityKeyNames.OUTCOME.withValue(outcome));
	}

}
