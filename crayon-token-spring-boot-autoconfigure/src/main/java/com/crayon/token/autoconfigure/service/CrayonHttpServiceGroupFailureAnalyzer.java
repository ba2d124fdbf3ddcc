package com.crayon.token.autoconfigure.service;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidCrayonHttpServiceGroupException} at start-up: which Crayon HTTP
 * service group could not authenticate its requests, and how to fix it.
 */
class CrayonHttpServiceGroupFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCrayonHttpServiceGroupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCrayonHttpServiceGroupException cause) {
		return new FailureAnalysis("The Crayon HTTP service group '" + cause.getGroup() + "' is not configured "
				+ "correctly: " + cause.getProblem(), capitalized(cause.getAction()) + ".", cause);
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
