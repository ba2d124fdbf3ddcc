package com.crayon.token.test;

import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Simulated {@code POST /api/v1/connect/token}: checks a password-grant request as Crayon's
 * "Get Token" document describes it, and answers with a PascalCase {@link TokenResponse} or an
 * RFC 6749 {@link OAuthError}; records every request.
 *
 * <p>Checks, in order: an injected failure (then the injected status with Crayon's
 * {@code ErrorCode}/{@code Message}); {@code Authorization: Basic base64(clientId:clientSecret)}
 * (else 401 {@code invalid_client}); {@code Content-Type: application/x-www-form-urlencoded}, a
 * charset allowed (else 400 {@code invalid_request}); an {@code Accept} header, if any, that
 * allows JSON (else 406); the form fields {@code grant_type}, {@code username}, {@code password}
 * and {@code scope}, each once (else 400 {@code invalid_request}); {@code grant_type=password} and
 * a user's name and password, unless credentials are rejected on purpose (else 400
 * {@code invalid_grant}); {@code scope=CustomerApi} (else 400 {@code invalid_scope}).
 */
final class TokenEndpoint implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(TokenEndpoint.class);

	private static final List<String> FIELDS = List.of("grant_type", "username", "password", "scope");

	private static final String SCOPE = "CustomerApi";

	private final Settings settings;

	private final IssuedTokens tokens;

	private final Faults faults;

	private final Recordings recordings;

	private final Clock clock;

	TokenEndpoint(Settings settings, IssuedTokens tokens, Faults faults, Recordings recordings, Clock clock) {
		this.settings = settings;
		this.tokens = tokens;
		this.faults = faults;
		this.recordings = recordings;
		this.clock = clock;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return this.faults.delay().then(request.formData()).flatMap((form) -> answer(request, form));
	}

	private Mono<ServerResponse> answer(ServerRequest request, MultiValueMap<String, String> form) {
		HttpHeaders headers = request.headers().asHttpHeaders();
		Attempt attempt = new Attempt(BasicCredentials.from(headers.getFirst(HttpHeaders.AUTHORIZATION)).orElse(null),
				single(form, "username"));
		OptionalInt failure = this.faults.takeFailure();
		if (failure.isPresent()) {
			return attempt.injectedFailure(failure.getAsInt());
		}
		if (attempt.client == null || !attempt.client.matches(this.settings.clientId(), this.settings.clientSecret())) {
			return attempt.invalidClient();
		}
		if (!isForm(headers)) {
			return attempt.error(TokenRequestOutcome.INVALID_REQUEST,
					"Content-Type must be application/x-www-form-urlencoded");
		}
		if (!acceptsJson(headers)) {
			return attempt.notAcceptable();
		}
		for (String field : FIELDS) {
			if (single(form, field) == null) {
				return attempt.error(TokenRequestOutcome.INVALID_REQUEST, field + " must be sent exactly once");
			}
		}
		if (!"password".equals(form.getFirst("grant_type"))) {
			return attempt.error(TokenRequestOutcome.INVALID_GRANT, "grant_type must be password");
		}
		if (this.faults.rejectsCredentials() || !isUser(attempt.username, form.getFirst("password"))) {
			return attempt.error(TokenRequestOutcome.INVALID_GRANT, "The user name or password is incorrect");
		}
		if (!SCOPE.equals(form.getFirst("scope"))) {
			return attempt.error(TokenRequestOutcome.INVALID_SCOPE, "scope must be " + SCOPE);
		}
		return attempt.issue();
	}

	private static @Nullable String single(MultiValueMap<String, String> form, String field) {
		List<String> values = form.get(field);
		return (values != null && values.size() == 1 && StringUtils.hasText(values.get(0))) ? values.get(0) : null;
	}

	private boolean isUser(@Nullable String username, @Nullable String password) {
		String expected = (username != null) ? this.settings.users().get(username) : null;
		// compare a password in every case, so response times do not tell known users apart
		return Secrets.same(password, (expected != null) ? expected : "\0 no such user") & expected != null;
	}

	private static boolean isForm(HttpHeaders headers) {
		try {
			MediaType contentType = headers.getContentType();
			return contentType != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static boolean acceptsJson(HttpHeaders headers) {
		try {
			List<MediaType> accept = headers.getAccept();
			return accept.isEmpty() || accept.stream().anyMatch((type) -> type.includes(MediaType.APPLICATION_JSON));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * One token request being answered: records its outcome as it builds the answer.
	 */
	private final class Attempt {

		private final @Nullable BasicCredentials client;

		private final @Nullable String username;

		Attempt(@Nullable BasicCredentials client, @Nullable String username) {
			this.client = client;
			this.username = username;
		}

		Mono<ServerResponse> issue() {
			String username = this.username;
			long expiresIn = TokenEndpoint.this.settings.lifetime().getSeconds();
			String token = TokenEndpoint.this.tokens.issue(username, TokenEndpoint.this.settings.lifetime());
			record(TokenRequestOutcome.ISSUED, HttpStatus.OK, token);
			if (logger.isDebugEnabled()) {
				logger.debug("Simulated token endpoint issued a token to " + username + ", valid for " + expiresIn
						+ " s");
			}
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(TokenResponse.bearer(token, expiresIn));
		}

		Mono<ServerResponse> injectedFailure(int status) {
			HttpStatusCode code = HttpStatusCode.valueOf(status);
			record(TokenRequestOutcome.INJECTED_FAILURE, code, null);
			logger.info("Simulated token endpoint failed a request on purpose with HTTP " + status);
			String reason = (code instanceof HttpStatus known) ? known.getReasonPhrase().replace(" ", "") : "Error";
			return ServerResponse.status(code)
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(new ApiError(reason, "Simulated failure of the token endpoint"));
		}

		Mono<ServerResponse> invalidClient() {
			record(TokenRequestOutcome.INVALID_CLIENT, HttpStatus.UNAUTHORIZED, null);
			logger.info("Simulated token endpoint refused a request: unknown client or wrong client secret");
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Crayon API simulator\"")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(new OAuthError("invalid_client", null));
		}

		Mono<ServerResponse> notAcceptable() {
			record(TokenRequestOutcome.NOT_ACCEPTABLE, HttpStatus.NOT_ACCEPTABLE, null);
			logger.info("Simulated token endpoint refused a request whose Accept header excludes JSON");
			return ServerResponse.status(HttpStatus.NOT_ACCEPTABLE).build();
		}

		Mono<ServerResponse> error(TokenRequestOutcome outcome, String description) {
			String error = outcome.name().toLowerCase(java.util.Locale.ROOT);
			record(outcome, HttpStatus.BAD_REQUEST, null);
			logger.info("Simulated token endpoint refused a request: " + error + " (" + description + ")");
			return ServerResponse.status(HttpStatus.BAD_REQUEST)
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(new OAuthError(error, description));
		}

		private void record(TokenRequestOutcome outcome, HttpStatusCode status, @Nullable String token) {
			TokenEndpoint.this.recordings.add(new RecordedTokenRequest(TokenEndpoint.this.clock.instant(),
					(this.client != null) ? this.client.clientId() : null, this.username, outcome, status.value(),
					token));
		}

	}

}
