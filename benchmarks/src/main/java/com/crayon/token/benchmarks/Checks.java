package com.crayon.token.benchmarks;

/**
 * Sanity checks that make a benchmark fail rather than measure the wrong thing.
 */
final class Checks {

	private Checks() {
	}

	/**
	 * Fail unless the condition holds.
	 * @param condition what must be true
	 * @param message what went wrong otherwise
	 * @throws IllegalStateException if the condition does not hold
	 */
	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}
