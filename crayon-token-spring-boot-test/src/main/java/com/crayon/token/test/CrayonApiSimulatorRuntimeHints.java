package com.crayon.token.test;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Native-image hints for the answers the simulator's endpoints write, which Jackson serializes
 * by reflection: an application that serves the simulator (as the sample app does) then answers
 * in a native image too. Listed in {@code META-INF/spring/aot.factories}.
 */
final class CrayonApiSimulatorRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), TokenResponse.class,
				ApiError.class, OAuthError.class);
	}

}
