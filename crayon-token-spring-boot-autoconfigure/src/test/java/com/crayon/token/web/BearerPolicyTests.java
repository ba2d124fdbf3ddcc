package com.crayon.token.web;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BearerPolicy}: which client's token a request gets, if any, and what an
 * answer means for the token. No token is requested, so no server is needed.
 */
class BearerPolicyTests {

	private static final String CRAYON = "https://api.crayon.com";

	private static final String PARTNER = "https://partner.example.com/crayon";

	private final CrayonClientRegistry clients = CrayonClientRegistry.builder()
		.client(CrayonClientRegistry.DEFAULT_CLIENT, CrayonClientSettings.of(CRAYON), credentials("alice"))
		.client("partner", CrayonClientSettings.of(PARTNER), credentials("bob"))
		.build();

	private final BearerPolicy policy = new BearerPolicy(this.clients, CrayonClientRegistry.DEFAULT_CLIENT);

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void clientForWhenBelowTheDefaultClientsBaseUrlThenTheDefaultClient() {
		CrayonClientRegistry.Client client = this.policy.clientFor(URI.create(CRAYON + "/api/v1/organizations/"),
				new HttpHeaders(), attributes());
		assertThat(client).isNotNull();
		assertThat(client.name()).isEqualTo(CrayonClientRegistry.DEFAULT_CLIENT);
		assertThat(client.tokens()).isSameAs(this.clients.get(CrayonClientRegistry.DEFAULT_CLIENT));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "https://elsewhere.example.com/api/v1/organizations/", "http://api.crayon.com/api/v1/",
			"https://api.crayon.com:8443/api/v1/", "https://partner.example.com/crayon/api/v1/" })
	void clientForWhenOutsideTheDefaultClientsBaseUrlThenNone(String url) {
		assertThat(this.policy.clientFor(URI.create(url), new HttpHeaders(), attributes())).isNull();
	}

	@Test
	void clientForWhenRequestCarriesItsOwnAuthorizationThenNone() {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth("the-callers-own-token");
		assertThat(this.policy.clientFor(URI.create(CRAYON + "/api/v1/organizations/"), headers, attributes()))
			.isNull();
	}

	@Test
	void clientForWhenRequestCarriesItsOwnAuthorizationButNamesAnUnknownClientThenRefusedNamingIt() {
		HttpHeaders headers = new HttpHeaders();
		headers.setBearerAuth("the-callers-own-token");
		assertThat(this.policy.clientFor(URI.create(CRAYON + "/api/v1/organizations/"), headers,
				attributes(CrayonRequestAttributes.crayonClient("partner"))))
			.as("a known client: the request keeps its own header")
			.isNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.policy.clientFor(URI.create(CRAYON + "/api/v1/organizations/"), headers,
					attributes(CrayonRequestAttributes.crayonClient("partnr"))))
			.withMessageContaining("No Crayon client named 'partnr'");
	}

	@Test
	void clientForWhenNoDefaultClientAndRequestNamesNoneThenNone() {
		BearerPolicy withoutDefault = new BearerPolicy(this.clients, null);
		assertThat(withoutDefault.clientFor(URI.create(CRAYON + "/api/v1/organizations/"), new HttpHeaders(),
				attributes()))
			.isNull();
	}

	@Test
	void clientForWhenRequestNamesAClientThenThatClient() {
		CrayonClientRegistry.Client client = this.policy.clientFor(URI.create(PARTNER + "/api/v1/organizations/"),
				new HttpHeaders(), attributes(CrayonRequestAttributes.crayonClient("partner")));
		assertThat(client).isNotNull();
		assertThat(client.name()).isEqualTo("partner");
		assertThat(client.tokens()).isSameAs(this.clients.get("partner"));
	}

	@Test
	void clientForWhenNamedClientUnknownThenIllegalArgumentNamingItWithoutQueryOrUserInfo() {
		URI url = URI.create("https://someone:hunter2@api.crayon.com/api/v1/organizations/?apiKey=k3y");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.policy.clientFor(url, new HttpHeaders(),
					attributes(CrayonRequestAttributes.crayonClient("nobody"))))
			.withMessageContaining("'nobody'")
			.withMessageContaining("api.crayon.com/api/v1/organizations/")
			.withMessageNotContaining("hunter2")
			.withMessageNotContaining("k3y");
	}

	@Test
	void clientForWhenOutsideTheNamedClientsBaseUrlThenIllegalArgumentNamingClientAndUrlWithoutQueryOrUserInfo() {
		URI url = URI.create("https://someone:hunter2@api.crayon.com/api/v1/organizations/?apiKey=k3y");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.policy.clientFor(url, new HttpHeaders(),
					attributes(CrayonRequestAttributes.crayonClient("partner"))))
			.withMessageContaining("'partner'")
			.withMessageContaining(PARTNER)
			.withMessageContaining("https://api.crayon.com/api/v1/organizations/")
			.withMessageNotContaining("hunter2")
			.withMessageNotContaining("k3y");
	}

	@Test
	void clientForWhenSingleClientPolicyThenItsTokensGoOnlyBelowItsBaseUrl() {
		BearerPolicy single = new BearerPolicy(this.clients.get("partner"), PARTNER);
		CrayonClientRegistry.Client client = single.clientFor(URI.create(PARTNER + "/api/v1/organizations/"),
				new HttpHeaders(), attributes());
		assertThat(client).isNotNull();
		assertThat(client.tokens()).isSameAs(this.clients.get("partner"));
		assertThat(single.clientFor(URI.create(CRAYON + "/api/v1/organizations/"), new HttpHeaders(), attributes()))
			.isNull();
	}

	@Test
	void rejectionWhenUnauthorizedThenReplay() {
		assertThat(this.policy.rejection(401, attributes())).isEqualTo(BearerPolicy.Rejection.REPLAY);
	}

	@Test
	void rejectionWhenUnauthorizedAndRequestOptedOutOfReplaysThenNoReplay() {
		assertThat(this.policy.rejection(401, attributes(CrayonRequestAttributes.withoutReplay())))
			.isEqualTo(BearerPolicy.Rejection.NO_REPLAY);
	}

	@ParameterizedTest(name = "HTTP {0}")
	@ValueSource(ints = { 200, 400, 403, 407, 500 })
	void rejectionWhenNotUnauthorizedThenNoneWithOrWithoutReplays(int status) {
		assertThat(this.policy.rejection(status, attributes())).isEqualTo(BearerPolicy.Rejection.NONE);
		assertThat(this.policy.rejection(status, attributes(CrayonRequestAttributes.withoutReplay())))
			.isEqualTo(BearerPolicy.Rejection.NONE);
	}

	@SafeVarargs
	private static Map<String, Object> attributes(Consumer<Map<String, Object>>... steps) {
		Map<String, Object> attributes = new HashMap<>();
		for (Consumer<Map<String, Object>> step : steps) {
			step.accept(attributes);
		}
		return attributes;
	}

	private static CrayonCredentials credentials(String user) {
		return CrayonCredentials.of("client-id", "client-secret", user, "password-of-" + user);
	}

}
