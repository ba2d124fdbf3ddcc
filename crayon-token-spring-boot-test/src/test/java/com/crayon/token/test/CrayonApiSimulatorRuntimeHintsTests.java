package com.crayon.token.test;

import java.lang.reflect.RecordComponent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image hints let Jackson write every answer of the simulator: each record and each of
 * its accessors, from the registrar that {@code META-INF/spring/aot.factories} lists.
 */
class CrayonApiSimulatorRuntimeHintsTests {

	@ParameterizedTest
	@ValueSource(classes = { TokenResponse.class, ApiError.class, OAuthError.class })
	void hintsWhenLoadedFromAotFactoriesThenJacksonCanWriteTheAnswer(Class<?> answer) {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RuntimeHintsPredicates.reflection().onType(answer)).accepts(hints);
		for (RecordComponent component : answer.getRecordComponents()) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
				.as(component.getName())
				.accepts(hints);
		}
	}

}
