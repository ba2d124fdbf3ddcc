package com.crayon.token.test;

import java.util.concurrent.atomic.AtomicReference;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CrayonApiSimulatorExtension} with {@code @ExtendWith}: one started simulator per test
 * class, injected into lifecycle and test methods, reset before each test.
 */
@ExtendWith(CrayonApiSimulatorExtension.class)
class CrayonApiSimulatorExtensionTests {

	private static final AtomicReference<CrayonApiSimulator> first = new AtomicReference<>();

	private CrayonApiSimulator injectedBeforeEach;

	@BeforeEach
	void injected(CrayonApiSimulator simulator) {
		this.injectedBeforeEach = simulator;
	}

	@RepeatedTest(3)
	void tokenWhenSimulatorInjectedThenStartedSharedAndResetBeforeEachTest(CrayonApiSimulator simulator) {
		assertThat(simulator).isSameAs(this.injectedBeforeEach);
		first.compareAndSet(null, simulator);
		assertThat(simulator).isSameAs(first.get());
		assertThat(simulator.tokenRequests()).isEmpty();
		CrayonClientRegistry.tokenService(CrayonClientSettings.of(simulator.baseUrl()),
				CrayonCredentials.of(simulator.clientId(), simulator.clientSecret(), simulator.username(), simulator.password()))
			.getToken();
		assertThat(simulator.tokenRequests()).singleElement().matches(RecordedTokenRequest::issued);
	}

	@AfterAll
	static void forget() {
		first.set(null);
	}

}
