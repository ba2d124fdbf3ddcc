package com.crayon.token.test;

import java.time.Duration;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CrayonApiSimulatorExtension} registered as a field, configuring its simulator.
 */
class CrayonApiSimulatorRegisteredExtensionTests {

	@RegisterExtension
	static final CrayonApiSimulatorExtension crayon = new CrayonApiSimulatorExtension(
			(builder) -> builder.client("my-client", "my-secret").user("alice", "s3cret").expiresIn(Duration.ofMinutes(5)));

	@Test
	void tokenWhenExtensionConfiguredThenSimulatorAcceptsItsCredentials() {
		CrayonApiSimulator simulator = crayon.simulator();
		CrayonAccessToken token = CrayonClientRegistry.tokenService(CrayonClientSettings.of(simulator.baseUrl()),
				CrayonCredentials.of("my-client", "my-secret", "alice", "s3cret"))
			.getToken();
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(5));
		assertThat(simulator.tokenRequests()).singleElement().satisfies((request) -> {
			assertThat(request.clientId()).isEqualTo("my-client");
			assertThat(request.username()).isEqualTo("alice");
		});
	}

}
