package com.crayon.token.test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Crayon API that a test starts on a free port of {@code 127.0.0.1}: a token endpoint that checks
 * every request's wire format as Crayon's "Get Token" document describes it, and resources
 * ({@code /api/v1/organizations/}, {@code /api/v1/me/}) that take only the tokens it issued until
 * they expire or are revoked. It records every request and injects faults on demand.
 *
 * <pre class="code">
 * try (CrayonApiSimulator crayon = CrayonApiSimulator.builder().expiresIn(Duration.ofMinutes(5)).start()) {
 *     CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of(crayon.baseUrl()),
 *         CrayonCredentials.of(crayon.clientId(), crayon.clientSecret(), crayon.username(), crayon.password()));
 *     crayon.failNextTokenRequests(1, 503);
 *     tokens.getToken();  // retried once
 *     assertThat(crayon.tokenRequests()).extracting(RecordedTokenRequest::outcome)
 *         .containsExactly(TokenRequestOutcome.INJECTED_FAILURE, TokenRequestOutcome.ISSUED);
 * }
 * </pre>
 *
 * <p>Thread-safe: faults may be injected while requests are being answered.
 */
public final class CrayonApiSimulator implements AutoCloseable {

	/** Path of the token endpoint; the simulator also answers it with a trailing slash. */
	public static final String TOKEN_PATH = "/api/v1/connect/token";

	/** Client id the simulator accepts unless the builder sets another. */
	public static final String DEFAULT_CLIENT_ID = "test-client";

	/** Client secret the simulator accepts unless the builder sets another. */
	public static final String DEFAULT_CLIENT_SECRET = "test-secret";

	/** User name the simulator accepts unless the builder adds users. */
	public static final String DEFAULT_USERNAME = "test-user";

	/** Password of {@link #DEFAULT_USERNAME}. */
	public static final String DEFAULT_PASSWORD = "test-password";

	/** Lifetime of the tokens the simulator issues unless the builder sets another. */
	public static final Duration DEFAULT_EXPIRES_IN = Duration.ofHours(1);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CrayonApiSimulator.class);

	private final SimulatedCrayonApi api;

	/** Event loops of its own: closing an application context disposes Reactor Netty's global ones. */
	private final LoopResources loops = LoopResources.create("crayon-api-simulator", 1, 2, true);

	private final DisposableServer server;

	private final AtomicBoolean closed = new AtomicBoolean();

	private CrayonApiSimulator(SimulatedCrayonApi api) {
		this.api = api;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(this.loops)
			.channelGroup(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE))
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(api.routes())))
			.bindNow(START_TIMEOUT);
		logger.debug("Started " + this);
	}

	/**
	 * Start a simulator with the default credentials and token lifetime.
	 * @return the started simulator; close it when done
	 */
	public static CrayonApiSimulator start() {
		return builder().start();
	}

	/**
	 * Start configuring a simulator.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the base URL to give {@code crayon.api.base-url}, such as
	 * {@code http://127.0.0.1:41234}.
	 * @return the base URL, without a trailing slash
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Return the URL of the token endpoint.
	 * @return the base URL followed by {@link #TOKEN_PATH}
	 */
	public String tokenUri() {
		return baseUrl() + TOKEN_PATH;
	}

	/**
	 * Return the port the simulator listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Return the client id the simulator accepts.
	 * @return the client id
	 */
	public String clientId() {
		return this.api.settings.clientId();
	}

	/**
	 * Return the client secret the simulator accepts.
	 * @return the client secret
	 */
	public String clientSecret() {
		return this.api.settings.clientSecret();
	}

	/**
	 * Return the name of the first user added to the builder (or {@link #DEFAULT_USERNAME}).
	 * @return the user name
	 */
	public String username() {
		return this.api.settings.users().keySet().iterator().next();
	}

	/**
	 * Return the password of {@link #username()}.
	 * @return the password
	 */
	public String password() {
		return this.api.settings.users().get(username());
	}

	/**
	 * Return the lifetime of the tokens the simulator issues, as {@code ExpiresIn} announces it.
	 * @return the lifetime, in whole seconds
	 */
	public Duration expiresIn() {
		return this.api.settings.lifetime();
	}

	/**
	 * Return the token requests received since the start or the last {@link #reset()}, in the
	 * order they were answered.
	 * @return an immutable snapshot
	 */
	public List<RecordedTokenRequest> tokenRequests() {
		return this.api.recordings.tokenRequests();
	}

	/**
	 * Return the requests to the API's resources received since the start or the last
	 * {@link #reset()}, in the order they were answered.
	 * @return an immutable snapshot
	 */
	public List<RecordedApiRequest> apiRequests() {
		return this.api.recordings.apiRequests();
	}

	/**
	 * Make the next token requests fail with the given HTTP status and a Crayon-shaped body
	 * ({@code {"ErrorCode":"ServiceUnavailable","Message":"..."}}), whatever they carry; replaces
	 * any failures still pending.
	 * @param count how many of the next token requests fail; 0 cancels pending failures
	 * @param status the HTTP status, from 400 to 599, such as 500 or 503
	 */
	public void failNextTokenRequests(int count, int status) {
		this.api.faults.failNextTokenRequests(count, status);
	}

	/**
	 * Delay every answer (token endpoint and resources) by the given duration, until set to
	 * {@link Duration#ZERO} or {@link #reset()}; closing the simulator ends pending delays.
	 * @param delay the delay
	 */
	public void delayAnswers(Duration delay) {
		Assert.notNull(delay, "delay must not be null");
		this.api.faults.delayAnswers(delay);
	}

	/**
	 * Answer every well-formed token request with HTTP 400 {@code invalid_grant}, as Crayon
	 * answers a wrong password, until {@link #acceptCredentials()} or {@link #reset()}.
	 */
	public void rejectCredentials() {
		this.api.faults.rejectCredentials(true);
	}

	/**
	 * Accept the configured credentials again after {@link #rejectCredentials()}.
	 */
	public void acceptCredentials() {
		this.api.faults.rejectCredentials(false);
	}

	/**
	 * Revoke every token issued so far: the resources answer HTTP 401 to each of them, and only
	 * tokens issued afterwards are accepted.
	 */
	public void revokeIssuedTokens() {
		this.api.tokens.revokeAll();
	}

	/**
	 * Remove every injected fault and forget the recorded requests; tokens already issued stay
	 * valid (see {@link #revokeIssuedTokens()}).
	 */
	public void reset() {
		this.api.faults.reset();
		this.api.recordings.clear();
	}

	/**
	 * Stop the simulator: end pending delays and close its port, waiting a bounded time for
	 * answers in progress. Closing twice does nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.api.faults.close();
		try {
			this.server.disposeNow(STOP_TIMEOUT);
			// the server's channels are closed: its loops can go without dropping any work
			this.loops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT.plusSeconds(1));
		}
		catch (IllegalStateException ex) {
			logger.warn("Crayon API simulator on port " + port() + " did not stop within " + STOP_TIMEOUT);
		}
	}

	@Override
	public String toString() {
		return "CrayonApiSimulator[baseUrl=" + baseUrl() + ", clientId=" + clientId() + ", users="
				+ this.api.settings.users().keySet() + ", expiresIn=" + expiresIn() + "]";
	}

	/**
	 * Builder of a {@link CrayonApiSimulator}: every setting has a default.
	 */
	public static final class Builder {

		private String clientId = DEFAULT_CLIENT_ID;

		private String clientSecret = DEFAULT_CLIENT_SECRET;

		private final Map<String, String> users = new LinkedHashMap<>();

		private Duration expiresIn = DEFAULT_EXPIRES_IN;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Set the client credentials the token endpoint accepts in HTTP Basic authentication.
		 * @param clientId the client id; default {@value #DEFAULT_CLIENT_ID}
		 * @param clientSecret the client secret; default {@value #DEFAULT_CLIENT_SECRET}
		 * @return this builder
		 */
		public Builder client(String clientId, String clientSecret) {
			Assert.hasText(clientId, "clientId must not be empty");
			Assert.hasText(clientSecret, "clientSecret must not be empty");
			this.clientId = clientId;
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * Add a user the token endpoint accepts in the password-grant form; without any, it accepts
		 * {@value #DEFAULT_USERNAME} with {@value #DEFAULT_PASSWORD}.
		 * @param username the user name
		 * @param password the user's password
		 * @return this builder
		 */
		public Builder user(String username, String password) {
			Assert.hasText(username, "username must not be empty");
			Assert.hasText(password, "password must not be empty");
			this.users.put(username, password);
			return this;
		}

		/**
		 * Set the lifetime of issued tokens, announced as {@code ExpiresIn} in whole seconds.
		 * @param expiresIn the lifetime, at least 1 second; default 1 hour
		 * @return this builder
		 */
		public Builder expiresIn(Duration expiresIn) {
			Assert.isTrue(expiresIn != null && expiresIn.getSeconds() >= 1, "expiresIn must be at least 1 second");
			this.expiresIn = expiresIn;
			return this;
		}

		/**
		 * Set the clock by which issued tokens expire and requests are timed.
		 * @param clock the clock; default the system clock in UTC
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Start the simulator on a free port of {@code 127.0.0.1}.
		 * @return the started simulator; close it when done
		 */
		public CrayonApiSimulator start() {
			return new CrayonApiSimulator(api());
		}

		/**
		 * Return the simulated API as router functions, to serve it from an application's own
		 * WebFlux server (as the sample application does) instead of a port of its own.
		 * @return the routes of a new simulated API
		 */
		public RouterFunction<ServerResponse> routes() {
			return api().routes();
		}

		private SimulatedCrayonApi api() {
			Map<String, String> users = this.users.isEmpty() ? Map.of(DEFAULT_USERNAME, DEFAULT_PASSWORD)
					: this.users;
			return new SimulatedCrayonApi(
					new Settings(this.clientId, this.clientSecret, users, this.expiresIn), this.clock);
		}

	}

}
