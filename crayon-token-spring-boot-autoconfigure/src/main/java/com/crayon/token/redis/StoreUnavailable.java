package com.crayon.token.redis;

/**
 * A Redis call failed or took too long.
 */
final class StoreUnavailable extends RuntimeException {

	StoreUnavailable(Throwable cause) {
		super(cause.getClass().getSimpleName(), cause, false, false);
	}

}
