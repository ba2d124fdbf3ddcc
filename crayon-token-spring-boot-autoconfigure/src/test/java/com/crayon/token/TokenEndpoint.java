package com.crayon.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WireMock server on 127.0.0.1 playing the Crayon API: its token endpoint and, for filter
 * tests, its resources.
 */
public final class TokenEndpoint implements AutoCloseable {

	public static final String CLIENT_ID = "test-client";

	public static final String CLIENT_SECRET = "s3cr3t-Client-Value";

	public static final String USERNAME = "api-user@example.com";

	public static final String PASSWORD = "P4ssw0rd-Of-The-User";

	public static final String TOKEN_PATH = "/api/v1/connect/token";

	private final Gate gate = new Gate();

	private final PerUserTokens perUser = new PerUserTokens();

	private final WireMockServer server;

	public TokenEndpoint() {
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.notifier(new Slf4jNotifier(false))
			.containerThreads(64)
			.jettyAcceptors(2)
			.extensions(this.gate, this.perUser));
		this.server.start();
	}

	/**
	 * Hold every token answer until {@link Gate#open()}; the test learns of each held request with
	 * {@link Gate#awaitArrivals(int)}.
	 * @return the closed gate
	 */
	public Gate holdTokenAnswers() {
		this.gate.close("");
		return this.gate;
	}

	/**
	 * Hold the token answers of one user only.
	 * @param user the user whose answers wait
	 * @return the closed gate
	 */
	public Gate holdTokenAnswersFor(String user) {
		this.gate.close("username=" + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8));
		return this.gate;
	}

	public WireMockServer server() {
		return this.server;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/**
	 * Return the {@code crayon.api.*} properties of a client of this endpoint, for an application
	 * context.
	 * @return the base URL and the test credentials
	 */
	public String[] crayonApiProperties() {
		return crayonApiProperties(baseUrl());
	}

	/**
	 * Return the {@code crayon.api.*} properties of a client with the test credentials.
	 * @param baseUrl the base URL
	 * @return the base URL and the test credentials
	 */
	public static String[] crayonApiProperties(String baseUrl) {
		return new String[] { "crayon.api.base-url=" + baseUrl, "crayon.api.client-id=" + CLIENT_ID,
				"crayon.api.client-secret=" + CLIENT_SECRET, "crayon.api.username=" + USERNAME,
				"crayon.api.password=" + PASSWORD };
	}

	public SingleClient serviceBuilder() {
		return new SingleClient()
			.baseUrl(baseUrl())
			.client(CLIENT_ID, CLIENT_SECRET)
			.user(USERNAME, PASSWORD)
			.timeout(java.time.Duration.ofSeconds(10))
			.retry(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50));
	}

	public static String tokenJson(String accessToken, long expiresIn) {
		return "{\"AccessToken\":\"" + accessToken + "\",\"IdentityToken\":null,\"Error\":null,\"ExpiresIn\":"
				+ expiresIn + ",\"TokenType\":\"Bearer\",\"RefreshToken\":null}";
	}

	public static ResponseDefinitionBuilder tokenResponse(String accessToken, long expiresIn) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody(tokenJson(accessToken, expiresIn));
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static MappingBuilder tokenRequest() {
		return post(urlPathEqualTo(TOKEN_PATH));
	}

	/** Answer every token request with the given response. */
	public void answer(ResponseDefinitionBuilder response) {
		this.server.stubFor(tokenRequest().willReturn(response));
	}

	/** Answer successive token requests with the given responses, the last one repeating. */
	public void answerInTurn(ResponseDefinitionBuilder... responses) {
		String state = Scenario.STARTED;
		for (int i = 0; i < responses.length; i++) {
			String next = (i == responses.length - 1) ? state : "answer-" + (i + 1);
			this.server.stubFor(tokenRequest().inScenario("tokens")
				.whenScenarioStateIs(state)
				.willReturn(responses[i])
				.willSetStateTo(next));
			state = next;
		}
	}

	/**
	 * Issue each user a token of its own, {@code token-of-<user>-<n>} for its n-th token, and let
	 * {@code GET /api/v1/me/} answer the user a bearer token was issued to (401 for any other).
	 * @param users the users
	 */
	public void issuePerUser(String... users) {
		this.perUser.known.addAll(java.util.List.of(users));
		this.server.stubFor(tokenRequest().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withTransformers(PerUserTokens.NAME)));
		this.server.stubFor(get(urlPathEqualTo("/api/v1/me/"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withTransformers(PerUserTokens.NAME)));
	}

	/**
	 * Make the tokens {@link #issuePerUser} issues from now on live for the given time
	 * ({@code ExpiresIn}); one hour unless set.
	 * @param lifetime the lifetime, in whole seconds
	 */
	public void tokenLifetime(java.time.Duration lifetime) {
		this.perUser.lifetimeSeconds = lifetime.toSeconds();
	}

	/**
	 * Make {@link #issuePerUser} check every credential, as Crayon does: the client id and
	 * secret ({@link #CLIENT_ID}, {@link #CLIENT_SECRET}) and the password ({@link #PASSWORD});
	 * any other answers HTTP 400 {@code invalid_client} or {@code invalid_grant}.
	 */
	public void checkCredentials() {
		this.perUser.checkCredentials = true;
	}

	/**
	 * Return the user a token was issued to by {@link #issuePerUser}.
	 * @param token the token
	 * @return the user, or {@code null}
	 */
	public String userOf(String token) {
		return this.perUser.users.get(token);
	}

	/**
	 * Return how many token requests a user's credentials made.
	 * @param user the user
	 * @return the number of token requests sent with that user name
	 */
	public int tokenRequestsFor(String user) {
		return this.server
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withFormParam("username", equalTo(user))
				.build())
			.getCount();
	}

	/**
	 * Return the most token requests the endpoint was serving at once.
	 * @return the peak number of token requests in progress
	 */
	public int peakConcurrentTokenRequests() {
		return this.gate.peak.get();
	}

	public int tokenRequests() {
		return this.server.countRequestsMatching(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).build()).getCount();
	}

	@Override
	public void close() {
		this.gate.open();
		this.server.stop();
	}

	/**
	 * Issues per-user tokens and answers {@code GET /api/v1/me/} with the user of the bearer token.
	 */
	static final class PerUserTokens implements ResponseDefinitionTransformerV2 {

		static final String NAME = "per-user-token";

		final Map<String, String> users = new ConcurrentHashMap<>();

		final java.util.Set<String> known = ConcurrentHashMap.newKeySet();

		volatile boolean checkCredentials;

		volatile long lifetimeSeconds = 3600;

		private final Map<String, AtomicInteger> issued = new ConcurrentHashMap<>();

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			LoggedRequest request = serveEvent.getRequest();
			if (request.getUrl().startsWith(TOKEN_PATH)) {
				String user = request.formParameter("username").firstValue();
				String basic = "Basic " + java.util.Base64.getEncoder()
					.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
				if (this.checkCredentials && !basic.equals(request.getHeader("Authorization"))) {
					return rejected(serveEvent, "invalid_client");
				}
				if (!this.known.contains(user)
						|| (this.checkCredentials && !PASSWORD.equals(request.formParameter("password").firstValue()))) {
					return rejected(serveEvent, "invalid_grant");
				}
				String token = "token-of-" + user + "-" + this.issued.computeIfAbsent(user, (key) -> new AtomicInteger())
					.incrementAndGet();
				this.users.put(token, user);
				return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
					.withBody(tokenJson(token, this.lifetimeSeconds))
					.build();
			}
			String authorization = String.valueOf(request.getHeader("Authorization"));
			String user = authorization.startsWith("Bearer ") ? this.users.get(authorization.substring(7)) : null;
			return (user != null)
					? ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
						.withStatus(200)
						.withBody("{\"UserName\":\"" + user + "\"}")
						.build()
					: ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).withStatus(401).build();
		}

		private static ResponseDefinition rejected(ServeEvent serveEvent, String error) {
			return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
				.withStatus(400)
				.withBody("{\"error\":\"" + error + "\"}")
				.build();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

	/**
	 * Holds token answers while closed: the request has arrived (and is counted) but its answer
	 * waits, so a test can act while a token request is provably in flight.
	 */
	public static final class Gate implements ServeEventListener {

		private volatile CountDownLatch open = new CountDownLatch(0);

		private volatile String onlyFor = "";

		private final Semaphore arrivals = new Semaphore(0);

		private final AtomicInteger inProgress = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		void close(String onlyFor) {
			this.onlyFor = onlyFor;
			this.open = new CountDownLatch(1);
		}

		/** Let every held and later token answer go. */
		public void open() {
			this.open.countDown();
		}

		/** Wait until this many more token requests are being held. */
		public void awaitArrivals(int count) {
			try {
				assertThat(this.arrivals.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%s token requests held", count)
					.isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
			if (!serveEvent.getRequest().getUrl().startsWith(TOKEN_PATH)) {
				return;
			}
			// counted from here until its answer is let go: a window inside the client's own, which
			// ends only once the answer has been read (counting until the server's afterComplete would
			// overlap the client's next request and over-count on a loaded machine)
			this.peak.accumulateAndGet(this.inProgress.incrementAndGet(), Math::max);
			try {
				hold(serveEvent);
			}
			finally {
				this.inProgress.decrementAndGet();
			}
		}

		private void hold(ServeEvent serveEvent) {
			if (!serveEvent.getRequest().getBodyAsString().contains(this.onlyFor)) {
				return;
			}
			CountDownLatch open = this.open;
			if (open.getCount() == 0) {
				return;
			}
			this.arrivals.release();
			try {
				open.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public boolean applyGlobally() {
			return true;
		}

		@Override
		public String getName() {
			return "token-gate";
		}

	}

}
