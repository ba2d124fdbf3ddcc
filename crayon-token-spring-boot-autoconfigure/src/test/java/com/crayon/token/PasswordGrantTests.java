package com.crayon.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.crayon.token.CrayonTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link PasswordGrant} on its own, against a real token endpoint: what it sends, how
 * it reads the answer, and how it retries.
 */
class PasswordGrantTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final CrayonCredentials credentials = CrayonCredentials.of(TokenEndpoint.CLIENT_ID,
			TokenEndpoint.CLIENT_SECRET, TokenEndpoint.USERNAME, TokenEndpoint.PASSWORD);

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void requestTokenWhenSentThenPostsThePasswordGrantFormWithBasicClientAuthentication() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		PasswordGrant grant = grant(settings().build(), this.credentials.withScope("PartnerApi"));
		CrayonAccessToken token = grant.requestToken().block(BOUND).token();
		String basic = Base64.getEncoder()
			.encodeToString((TokenEndpoint.CLIENT_ID + ":" + TokenEndpoint.CLIENT_SECRET)
				.getBytes(StandardCharsets.UTF_8));
		this.endpoint.server()
			.verify(1, postRequestedFor(urlEqualTo(TokenEndpoint.TOKEN_PATH))
				.withHeader("Authorization", equalTo("Basic " + basic))
				.withHeader("Content-Type", matching("application/x-www-form-urlencoded(;\\s*charset=UTF-8)?"))
				.withHeader("Accept", equalTo("application/json"))
				.withFormParam("grant_type", equalTo("password"))
				.withFormParam("username", equalTo(TokenEndpoint.USERNAME))
				.withFormParam("password", equalTo(TokenEndpoint.PASSWORD))
				.withFormParam("scope", equalTo("PartnerApi")));
		assertThat(token.value()).isEqualTo("token-1");
		assertThat(token.tokenType()).isEqualTo("Bearer");
	}

	@Test
	void requestTokenWhenAnsweredThenLifetimeIsExpiresInCountedFromTheRequest() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 1234));
		long requestedAtNanos = this.clock.read();
		PasswordGrant.Fetched fetched = grant(settings().build(), this.credentials).requestToken().block(BOUND);
		assertThat(fetched.token().issuedAt()).isEqualTo(this.clock.instant());
		assertThat(fetched.token().lifetime()).isEqualTo(Duration.ofSeconds(1234));
		assertThat(fetched.requestedAtNanos()).isEqualTo(requestedAtNanos);
		assertThat(fetched.source()).isEqualTo(CrayonTokenListener.Source.ENDPOINT);
	}

	@Test
	void requestTokenWhenExpiresInBeyondAYearThenLifetimeCappedAtOneYear() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("long-lived", Duration.ofDays(400).toSeconds()));
		CrayonAccessToken token = grant(settings().build(), this.credentials).requestToken().block(BOUND).token();
		assertThat(token.lifetime()).isEqualTo(Duration.ofDays(365));
	}

	@Test
	void requestTokenWhenInvalidGrantThenCredentialsRejectedWithCrayonsErrorAndTheKeysToCheck() {
		this.endpoint.answer(TokenEndpoint.json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"invalid_username_or_password\"}"));
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> grant(settings().build(), this.credentials).requestToken().block(BOUND));
		assertThat(failure.getReason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
		assertThat(failure.getStatusCode().value()).isEqualTo(400);
		assertThat(failure.getErrorText()).isEqualTo("invalid_grant: invalid_username_or_password");
		assertThat(failure.getMessage()).contains("invalid_grant: invalid_username_or_password")
			.contains("crayon.api.client-id", "crayon.api.client-secret", "crayon.api.username",
					"crayon.api.password");
		assertThat(this.endpoint.tokenRequests()).as("rejected credentials are not retried").isOne();
	}

	@Test
	void requestTokenWhenErrorTextEchoesTheSecretAndPasswordThenBothRedacted() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"password "
				+ TokenEndpoint.PASSWORD + " of client secret " + TokenEndpoint.CLIENT_SECRET + " is wrong\"}"));
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> grant(settings().build(), this.credentials).requestToken().block(BOUND));
		assertThat(failure.getErrorText()).isEqualTo("invalid_grant: password ****** of client secret ****** is wrong");
		assertThat(failure.getMessage()).contains("invalid_grant: password ****** of client secret ****** is wrong")
			.doesNotContain(TokenEndpoint.PASSWORD)
			.doesNotContain(TokenEndpoint.CLIENT_SECRET);
	}

	@Test
	void requestTokenWhenServiceUnavailableThenRetriedUpToMaxAttempts() {
		this.endpoint.answer(TokenEndpoint.json(503, "{}"));
		CrayonClientSettings settings = settings().retry(4, Duration.ofMillis(10), Duration.ofMillis(50)).build();
		CrayonTokenException failure = catchThrowableOfType(CrayonTokenException.class,
				() -> grant(settings, this.credentials).requestToken().block(BOUND));
		assertThat(failure.getReason()).isEqualTo(Reason.SERVER_ERROR);
		assertThat(failure.getStatusCode().value()).isEqualTo(503);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
	}

	@Test
	void requestTokenWhenRetryAfterThenWaitsThatLongBeforeTheNextAttempt() {
		this.endpoint.answerInTurn(TokenEndpoint.json(503, "{}").withHeader("Retry-After", "1"),
				TokenEndpoint.tokenResponse("after-retry-after", 3600));
		CrayonClientSettings settings = settings().retry(3, Duration.ofMillis(10), Duration.ofSeconds(5)).build();
		long started = System.nanoTime();
		CrayonAccessToken token = grant(settings, this.credentials).requestToken().block(BOUND).token();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(token.value()).isEqualTo("after-retry-after");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void requestTokenWhenRetryAfterBeyondMaxBackoffThenWaitsOnlyMaxBackoff() {
		this.endpoint.answerInTurn(TokenEndpoint.json(503, "{}").withHeader("Retry-After", "3600"),
				TokenEndpoint.tokenResponse("capped", 3600));
		CrayonClientSettings settings = settings().retry(3, Duration.ofMillis(10), Duration.ofMillis(500)).build();
		long started = System.nanoTime();
		CrayonAccessToken token = grant(settings, this.credentials).requestToken().block(BOUND).token();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		assertThat(token.value()).isEqualTo("capped");
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	private CrayonClientSettingsBuilder settings() {
		return CrayonClientSettings.builder(this.endpoint.baseUrl()).timeout(BOUND);
	}

	private PasswordGrant grant(CrayonClientSettings settings, CrayonCredentials credentials) {
		return new PasswordGrant("default", true, "crayon.api", WebClient.create(), settings, credentials, this.clock,
				this.clock);
	}

}
