package com.crayon.token.autoconfigure;

import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidCrayonApiPropertiesException} at start-up: which keys are wrong and
 * how to set them.
 */
class CrayonApiPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCrayonApiPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCrayonApiPropertiesException cause) {
		StringBuilder description = new StringBuilder("The Crayon API client is not configured correctly:");
		StringBuilder action = new StringBuilder();
		if (!cause.getMissingKeys().isEmpty()) {
			description.append(String.format("%n  missing: %s", String.join(", ", cause.getMissingKeys())));
			action.append(String.format("Set %s in application.yml or application.properties, or as environment "
					+ "variables (%s).%n", String.join(", ", cause.getMissingKeys()), cause.getMissingKeys()
						.stream()
						.map(CrayonApiPropertiesFailureAnalyzer::environmentVariable)
						.collect(Collectors.joining(", "))));
		}
		if (!cause.getInsecureKeys().isEmpty()) {
			description.append(String.format("%n  plain http to a host that is not loopback: %s",
					String.join(", ", cause.getInsecureKeys())));
			action.append(String.format("Use an https:// URL for %s, or, if you accept sending credentials and tokens "
					+ "unencrypted, set crayon.api.allow-insecure-http=true.%n",
					String.join(", ", cause.getInsecureKeys())));
		}
		for (String problem : cause.getInvalidValues()) {
			description.append(String.format("%n  %s", problem));
		}
		if (!cause.getInvalidValues().isEmpty()) {
			action.append(String.format("Correct the values named above.%n"));
		}
		if (cause.getMissingKeys().stream().anyMatch((key) -> !key.startsWith("crayon.api.clients."))) {
			action.append(String.format("Several Crayon API users? Configure each under crayon.api.clients.<name>.* "
					+ "instead; unset keys come from crayon.api.*.%n"));
		}
		action.append("To turn the Crayon API client off instead, set crayon.api.enabled=false.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static String environmentVariable(String key) {
		return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

}
