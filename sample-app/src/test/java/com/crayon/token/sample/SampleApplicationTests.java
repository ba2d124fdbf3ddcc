package com.crayon.token.sample;

import java.time.Duration;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests: {@code GET /organizations} goes through {@link CrayonOrganizations}, an HTTP
 * service client in the {@code crayon} group, and the starter's token service to the
 * application's own Crayon API simulator.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests extends AbstractSampleApplicationTests {

	@Autowired
	private CrayonTokenService tokens;

	@Autowired
	private HttpServiceProxyRegistry httpServices;

	@Test
	void organizationsWhenSimulatorEnabledThenOrganizationsThroughStarter() {
		this.client.get()
			.uri("/organizations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.TotalHits")
			.isEqualTo(1)
			.jsonPath("$.Items.length()")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Id")
			.isEqualTo(1)
			.jsonPath("$.Items[0].Name")
			.isEqualTo("Sample Organization");
	}

	@Test
	void crayonOrganizationsWhenRegisteredThenInTheCrayonGroupBackedByWebClient() {
		assertThat(this.httpServices.getClientTypesInGroup("crayon")).containsExactly(CrayonOrganizations.class);
		StepVerifier.create(this.httpServices.getClient("crayon", CrayonOrganizations.class).list())
			.assertNext((organizations) -> assertThat(organizations.items()).extracting(Organizations.Organization::name)
				.containsExactly("Sample Organization"))
			.verifyComplete();
	}

	@Test
	void organizationsWhenSimulatorExpiredTheTokenThenStarterFetchesNewToken(CapturedOutput output) {
		CrayonAccessToken before = this.tokens.getToken();
		this.clock.advance(Duration.ofMinutes(3));
		this.client.get()
			.uri("/organizations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.Items[0].Name")
			.isEqualTo("Sample Organization");
		assertThat(this.tokens.getToken()).isNotEqualTo(before);
		assertThat(output).contains("Crayon API answered 401 to GET /api/v1/organizations/; replaying it once with a new token");
	}

	@Test
	void tokenWhenObtainedThenLoggedWithoutValueOrCredentials(CapturedOutput output) {
		this.tokens.invalidate(this.tokens.getToken());
		CrayonAccessToken token = this.tokens.getToken();
		assertThat(output).contains("Obtained CrayonAccessToken[tokenType=Bearer")
			.doesNotContain(token.value())
			.doesNotContain("sample-secret")
			.doesNotContain("sample-password");
	}

}
