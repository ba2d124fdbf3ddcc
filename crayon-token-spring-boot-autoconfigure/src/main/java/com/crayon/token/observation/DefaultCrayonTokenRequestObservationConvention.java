package com.crayon.token.observation;

import com.crayon.token.CrayonTokenListener;
import com.crayon.token.observation.CrayonTokenObservationDocumentation.HighCardinalityKeyNames;
import com.crayon.token.observation.CrayonTokenObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Default {@link CrayonTokenRequestObservationConvention}: named {@code crayon.token.requests},
 * with the client, the trigger, the outcome and the token's source as low-cardinality key values. Clients registered
 * at run time, which may be thousands, share the low-cardinality value {@code registered}; their
 * names go to the high-cardinality {@code crayon.client.name} (spans, not meters). No key value
 * holds a user name, client id or token.
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
		String client = context.isRegisteredAtRuntime() ? "registered" : context.getClientName();
		CrayonTokenListener.Source source = context.getSource();
		return KeyValues.of(LowCardinalityKeyNames.CLIENT.withValue(client),
				LowCardinalityKeyNames.TRIGGER.withValue(context.getTrigger().value()),
				LowCardinalityKeyNames.OUTCOME.withValue(outcome),
				LowCardinalityKeyNames.SOURCE.withValue((source != null) ? source.value() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CrayonTokenRequestContext context) {
		return context.isRegisteredAtRuntime()
				? KeyValues.of(HighCardinalityKeyNames.CLIENT_NAME.withValue(context.getClientName()))
				: KeyValues.empty();
	}

}
