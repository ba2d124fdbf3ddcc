package com.crayon.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A client's credentials changed at run time ({@link CrayonClientRegistry#updateCredentials}):
 * every trace of the old ones goes at once, the same token service serves the new ones, and
 * every listener hears of it.
 */
class CredentialRotationTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final List<CrayonClientEvent> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void updateCredentialsWhenWrongPasswordReplacedThenNextCallSucceedsWithoutWaitingOutTheBackoff() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.endpoint.checkCredentials();
		CrayonClientRegistry clients = registry(credentials("wrong-password"));
		CrayonTokenService service = clients.get("prod");
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
		}
		assertThat(this.endpoint.tokenRequests()).as("the credential backoff holds back further requests").isOne();
		assertThat(service.status().state()).isEqualTo(CrayonTokenStatus.State.FAILING);

		assertThat(clients.updateCredentials("prod", credentials(TokenEndpoint.PASSWORD))).isTrue();

		assertThat(service.status().lastFailure()).as("health forgets the old credentials' failure").isNull();
		CrayonAccessToken token = service.getToken();
		assertThat(this.endpoint.userOf(token.value())).isEqualTo(TokenEndpoint.USERNAME);
		assertThat(this.endpoint.tokenRequests()).as("one request for the new credentials").isEqualTo(2);
		assertThat(clients.get("prod")).isSameAs(service);
	}

	@Test
	void updateCredentialsWhenTokenCachedThenOldTokenNeverHandedOutAgain() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		CrayonClientRegistry clients = registry(credentials("first-password"));
		CrayonTokenService service = clients.get("prod");
		CrayonAccessToken old = service.getToken();
		clients.updateCredentials("prod", credentials("second-password"));
		CrayonAccessToken rotated = service.getToken();
		assertThat(rotated).isNotEqualTo(old);
		assertThat(service.getToken()).isEqualTo(rotated);
		assertThat(this.endpoint.tokenRequests()).isEqualTo(2);
	}

	@Test
	void updateCredentialsWhenRequestInFlightThenItIsCancelledAndItsCallersGetTheNewCredentialsToken()
			throws Exception {
		this.endpoint.issuePerUser("old-user", "new-user");
		CrayonClientRegistry clients = registry(credentialsOf("old-user"));
		CrayonTokenService service = clients.get("prod");
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswersFor("old-user");
		CompletableFuture<CrayonAccessToken> waiting = service.token().toFuture();
		gate.awaitArrivals(1);
		clients.updateCredentials("prod", credentialsOf("new-user"));
		CrayonAccessToken token = waiting.get(10, TimeUnit.SECONDS);
		assertThat(this.endpoint.userOf(token.value())).isEqualTo("new-user");
		gate.open();
		assertThat(this.endpoint.userOf(service.getToken().value())).as("the old request's answer is never used")
			.isEqualTo("new-user");
	}

	@Test
	void updateCredentialsWhenSameCredentialsThenNothingChanges() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		CrayonClientRegistry clients = registry(credentials(TokenEndpoint.PASSWORD));
		CrayonAccessToken token = clients.get("prod").getToken();
		assertThat(clients.updateCredentials("prod", credentials(TokenEndpoint.PASSWORD))).isFalse();
		assertThat(clients.get("prod").getToken()).isEqualTo(token);
		assertThat(this.events).extracting(CrayonClientEvent::type)
			.doesNotContain(CrayonClientEvent.Type.CREDENTIALS_CHANGED);
	}

	@Test
	void updateCredentialsWhenUnknownOrApplicationsOwnServiceThenRefusedNamingTheClient() {
		CrayonTokenService own = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.endpoint.baseUrl()),
				credentials(TokenEndpoint.PASSWORD));
		CrayonClientRegistry clients = CrayonClientRegistry.builder()
			.client("own", own, this.endpoint.baseUrl())
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> clients.updateCredentials("missing",
				credentials(TokenEndpoint.PASSWORD)))
			.withMessageContaining("missing");
		assertThatIllegalStateException().isThrownBy(() -> clients.updateCredentials("own",
				credentials(TokenEndpoint.PASSWORD)))
			.withMessageContaining("'own'");
	}

	@Test
	void lifecycleWhenRegisteredRotatedRemovedAndClosedThenEveryListenerHearsEachOnce() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		CrayonClientRegistry clients = CrayonClientRegistry.builder()
			.clock(this.clock)
			.ticker(this.clock)
			.listener(listener())
			.client("prod", this.endpoint.serviceBuilder().settings(), credentials(TokenEndpoint.PASSWORD))
			.defaults(this.endpoint.serviceBuilder().settings())
			.build();
		clients.register("tenant", credentials(TokenEndpoint.PASSWORD));
		clients.register("tenant", credentials(TokenEndpoint.PASSWORD));
		clients.register("tenant", credentials("rotated"));
		clients.remove("tenant");
		clients.close();
		assertThat(this.events).extracting(CrayonClientEvent::clientName, CrayonClientEvent::type,
				CrayonClientEvent::configured)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("prod", CrayonClientEvent.Type.REGISTERED, true),
					org.assertj.core.groups.Tuple.tuple("tenant", CrayonClientEvent.Type.REGISTERED, false),
					org.assertj.core.groups.Tuple.tuple("tenant", CrayonClientEvent.Type.CREDENTIALS_CHANGED, false),
					org.assertj.core.groups.Tuple.tuple("tenant", CrayonClientEvent.Type.REMOVED, false),
					org.assertj.core.groups.Tuple.tuple("prod", CrayonClientEvent.Type.CLOSED, true));
	}

	private CrayonClientRegistry registry(CrayonCredentials credentials) {
		return CrayonClientRegistry.builder()
			.clock(this.clock)
			.ticker(this.clock)
			.listener(listener())
			.client("prod", this.endpoint.serviceBuilder().retry(1, Duration.ofMillis(10), Duration.ofMillis(50))
				.settings(), credentials)
			.build();
	}

	private CrayonTokenListener listener() {
		return new CrayonTokenListener() {

			@Override
			public void clientChanged(CrayonClientEvent event) {
				CredentialRotationTests.this.events.add(event);
			}

		};
	}

	private static CrayonCredentials credentials(String password) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, TokenEndpoint.USERNAME,
				password);
	}

	private static CrayonCredentials credentialsOf(String user) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, user,
				TokenEndpoint.PASSWORD);
	}

}
