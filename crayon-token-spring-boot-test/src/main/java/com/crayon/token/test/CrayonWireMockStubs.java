package com.crayon.token.test;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import org.springframework.util.Assert;

/**
 * Crayon's token endpoint as stubs for a WireMock server of the test's own
 * ({@code WireMockServer}, or {@code WireMockExtension}): a token request in Crayon's exact wire
 * format (HTTP Basic client authentication, a form body with {@code grant_type=password},
 * {@code username}, {@code password} and {@code scope=CustomerApi}, each once) gets a PascalCase
 * {@code TokenResponse} with a fixed access token; a request with the right client and anything
 * else in the form gets 400 {@code invalid_grant}, and any other token request 401
 * {@code invalid_client}. Immutable.
 *
 * <pre class="code">
 * CrayonWireMockStubs crayon = CrayonWireMockStubs.create().withUser("alice", "s3cret");
 * crayon.registerOn(wireMockServer);
 * wireMockServer.stubFor(get("/api/v1/organizations/")
 *     .withHeader("Authorization", equalTo("Bearer " + crayon.accessToken()))
 *     .willReturn(okJson("{\"TotalHits\":0,\"Items\":[]}")));
 * </pre>
 */
public final class CrayonWireMockStubs {

	/** Priority of the stub that rejects every token request (see {@link #rejectCredentials}). */
	private static final int REJECT_ALL_PRIORITY = 1;

	private static final int TOKEN_PRIORITY = 2;

	private static final int INVALID_GRANT_PRIORITY = 9;

	private static final int INVALID_CLIENT_PRIORITY = 10;

	private static final String TOKEN_PATH_PATTERN = CrayonApiSimulator.TOKEN_PATH + "/?";

	private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded(;.*)?";

	/** Access token the stubs answer with unless {@link #withAccessToken(String)} sets another. */
	public static final String DEFAULT_ACCESS_TOKEN = "wiremock-crayon-access-token";

	private final String clientId;

	private final String clientSecret;

	private final String username;

	private final String password;

	private final Duration expiresIn;

	private final String accessToken;

	private CrayonWireMockStubs(String clientId, String clientSecret, String username, String password,
			Duration expiresIn, String accessToken) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.username = username;
		this.password = password;
		this.expiresIn = expiresIn;
		this.accessToken = accessToken;
	}

	/**
	 * Create stubs for the simulator's default credentials
	 * ({@value CrayonApiSimulator#DEFAULT_CLIENT_ID}, {@value CrayonApiSimulator#DEFAULT_USERNAME}
	 * and their secrets), tokens of 1 hour, and {@link #DEFAULT_ACCESS_TOKEN}.
	 * @return the stubs
	 */
	public static CrayonWireMockStubs create() {
		return new CrayonWireMockStubs(CrayonApiSimulator.DEFAULT_CLIENT_ID, CrayonApiSimulator.DEFAULT_CLIENT_SECRET,
				CrayonApiSimulator.DEFAULT_USERNAME, CrayonApiSimulator.DEFAULT_PASSWORD,
				CrayonApiSimulator.DEFAULT_EXPIRES_IN, DEFAULT_ACCESS_TOKEN);
	}

	/**
	 * Return a copy that expects the given client credentials.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @return the new stubs
	 */
	public CrayonWireMockStubs withClient(String clientId, String clientSecret) {
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(clientSecret, "clientSecret must not be empty");
		return new CrayonWireMockStubs(clientId, clientSecret, this.username, this.password, this.expiresIn,
				this.accessToken);
	}

	/**
	 * Return a copy that expects the given user.
	 * @param username the user name
	 * @param password the user's password
	 * @return the new stubs
	 */
	public CrayonWireMockStubs withUser(String username, String password) {
		Assert.hasText(username, "username must not be empty");
		Assert.hasText(password, "password must not be empty");
		return new CrayonWireMockStubs(this.clientId, this.clientSecret, username, password, this.expiresIn,
				this.accessToken);
	}

	/**
	 * Return a copy whose token answer announces the given lifetime as {@code ExpiresIn}.
	 * @param expiresIn the lifetime, at least 1 second
	 * @return the new stubs
	 */
	public CrayonWireMockStubs withExpiresIn(Duration expiresIn) {
		Assert.isTrue(expiresIn != null && expiresIn.getSeconds() >= 1, "expiresIn must be at least 1 second");
		return new CrayonWireMockStubs(this.clientId, this.clientSecret, this.username, this.password, expiresIn,
				this.accessToken);
	}

	/**
	 * Return a copy whose token answer carries the given access token.
	 * @param accessToken the access token
	 * @return the new stubs
	 */
	public CrayonWireMockStubs withAccessToken(String accessToken) {
		Assert.hasText(accessToken, "accessToken must not be empty");
		return new CrayonWireMockStubs(this.clientId, this.clientSecret, this.username, this.password,
				this.expiresIn, accessToken);
	}

	/**
	 * Return the access token the token stub answers with, to match the API stubs'
	 * {@code Authorization: Bearer} header against.
	 * @return the access token
	 */
	public String accessToken() {
		return this.accessToken;
	}

	/**
	 * Register the token endpoint's stubs on a WireMock server or extension.
	 * @param wireMock the {@code WireMockServer} or {@code WireMockExtension}
	 * @return the registered stub mappings, the token answer first
	 */
	public List<StubMapping> registerOn(Stubbing wireMock) {
		return mappings().stream().map(wireMock::stubFor).toList();
	}

	/**
	 * Return the token endpoint's stubs, to register them with a WireMock client
	 * ({@code WireMock#register(MappingBuilder)}) or to adapt them.
	 * @return the token answer, the {@code invalid_grant} answer, the {@code invalid_client}
	 * answer
	 */
	public List<MappingBuilder> mappings() {
		return List.of(tokenStub(), invalidGrantStub(), invalidClientStub());
	}

	/**
	 * Make the server answer every token request with 400 {@code invalid_grant}, as Crayon answers
	 * a wrong password, until the returned stub is removed ({@code removeStub(mapping)}).
	 * @param wireMock the {@code WireMockServer} or {@code WireMockExtension}
	 * @return the registered stub mapping
	 */
	public StubMapping rejectCredentials(Stubbing wireMock) {
		return wireMock.stubFor(rejectedCredentialsStub());
	}

	/**
	 * Return the stub that answers every token request with 400 {@code invalid_grant}, at a higher
	 * priority than the token stub.
	 * @return the stub
	 */
	public MappingBuilder rejectedCredentialsStub() {
		return tokenRequest(REJECT_ALL_PRIORITY).willReturn(invalidGrant());
	}

	private MappingBuilder tokenStub() {
		return tokenRequest(TOKEN_PRIORITY).withBasicAuth(this.clientId, this.clientSecret)
			.withHeader("Content-Type", WireMock.matching(FORM_CONTENT_TYPE))
			.withFormParam("grant_type", WireMock.havingExactly("password"))
			.withFormParam("username", WireMock.havingExactly(this.username))
			.withFormParam("password", WireMock.havingExactly(this.password))
			.withFormParam("scope", WireMock.havingExactly("CustomerApi"))
			.willReturn(json(200, "{\"AccessToken\":\"" + this.accessToken + "\",\"IdentityToken\":null,"
					+ "\"Error\":null,\"ExpiresIn\":" + this.expiresIn.getSeconds()
					+ ",\"TokenType\":\"Bearer\",\"RefreshToken\":null}"));
	}

	private MappingBuilder invalidGrantStub() {
		return tokenRequest(INVALID_GRANT_PRIORITY).withBasicAuth(this.clientId, this.clientSecret)
			.willReturn(invalidGrant());
	}

	private MappingBuilder invalidClientStub() {
		return tokenRequest(INVALID_CLIENT_PRIORITY)
			.willReturn(json(401, "{\"error\":\"invalid_client\"}").withHeader("WWW-Authenticate",
					"Basic realm=\"Crayon API stub\""));
	}

	private static MappingBuilder tokenRequest(int priority) {
		return WireMock.post(WireMock.urlPathMatching(TOKEN_PATH_PATTERN)).atPriority(priority);
	}

	private static ResponseDefinitionBuilder invalidGrant() {
		return json(400,
				"{\"error\":\"invalid_grant\",\"error_description\":\"The user name or password is incorrect\"}");
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return WireMock.aResponse()
			.withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("Cache-Control", "no-store")
			.withBody(body);
	}

	@Override
	public String toString() {
		return "CrayonWireMockStubs[clientId=" + this.clientId + ", username=" + this.username + ", expiresIn="
				+ this.expiresIn + "]";
	}

}
