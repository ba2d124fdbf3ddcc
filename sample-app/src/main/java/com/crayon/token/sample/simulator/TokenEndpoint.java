package com.crayon.token.sample.simulator;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Simulated {@code POST /api/v1/connect/token}: checks a password-grant request as Crayon's
 * "Get Token" document describes it, and answers with a PascalCase {@link TokenResponse} or an
 * RFC 6749 {@link OAuthError}.
 *
 * <p>Checks, in order: {@code Authorization: Basic base64(clientId:clientSecret)} (else 401
 * {@code invalid_client}); {@code Content-Type: application/x-www-form-urlencoded}, a charset
 * allowed (else 400 {@code invalid_request}); an {@code Accept} header, if any, that allows JSON
 * (else 406); the form fields {@code grant_type}, {@code username}, {@code password} and
 * {@code scope}, each once (else 400 {@code invalid_request}); {@code grant_type=password} and the
 * user's name and password (else 400 {@code invalid_grant}); {@code scope=CustomerApi} (else 400
 * {@code invalid_scope}).
 */
final class TokenEndpoint implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(TokenEndpoint.class);

	private static final List<String> FIELDS = List.of("grant_type", "username", "password", "scope");

	private static final String SCOPE = "CustomerApi";

	private final CrayonSimulatorProperties properties;

	private final IssuedTokens tokens;

	private final Duration lifetime;

	TokenEndpoint(CrayonSimulatorProperties properties, IssuedTokens tokens) {
		Assert.isTrue(properties.getExpiresIn().getSeconds() >= 1,
				"crayon.simulator.expires-in must be at least 1 second");
		this.properties = properties;
		this.tokens = tokens;
		this.lifetime = Duration.ofSeconds(properties.getExpiresIn().getSeconds());
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		HttpHeaders headers = request.headers().asHttpHeaders();
		if (!isRegisteredClient(headers.getFirst(HttpHeaders.AUTHORIZATION))) {
			return invalidClient();
		}
		if (!isForm(headers)) {
			return invalidRequest("Content-Type must be application/x-www-form-urlencoded");
		}
		if (!acceptsJson(headers)) {
			logger.info("Simulated token endpoint refused a request whose Accept header excludes JSON");
			return ServerResponse.status(HttpStatus.NOT_ACCEPTABLE).build();
		}
		return request.formData().flatMap(this::grant);
	}

	private Mono<ServerResponse> grant(MultiValueMap<String, String> form) {
		for (String field : FIELDS) {
			List<String> values = form.get(field);
			if (values == null || values.size() != 1 || !StringUtils.hasText(values.get(0))) {
				return invalidRequest(field + " must be sent exactly once");
			}
		}
		if (!"password".equals(form.getFirst("grant_type"))) {
			return invalidGrant("grant_type must be password");
		}
		String username = form.getFirst("username");
		if (!isUser(username, form.getFirst("password"))) {
			return invalidGrant("The user name or password is incorrect");
		}
		if (!SCOPE.equals(form.getFirst("scope"))) {
			return error(HttpStatus.BAD_REQUEST, "invalid_scope", "scope must be " + SCOPE);
		}
		String token = this.tokens.issue(username, this.lifetime);
		if (logger.isDebugEnabled()) {
			logger.debug("Simulated token endpoint issued a token to " + username + ", valid for "
					+ this.lifetime.getSeconds() + " s");
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(TokenResponse.bearer(token, this.lifetime.getSeconds()));
	}

	private boolean isRegisteredClient(@Nullable String authorization) {
		return BasicCredentials.from(authorization)
			.filter((client) -> client.matches(this.properties.getClientId(), this.properties.getClientSecret()))
			.isPresent();
	}

	private boolean isUser(@Nullable String username, @Nullable String password) {
		return this.properties.getUsername().equals(username) & Secrets.same(password, this.properties.getPassword());
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

	private static Mono<ServerResponse> invalidClient() {
		logger.info("Simulated token endpoint refused a request: unknown client or wrong client secret");
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Crayon API simulator\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new OAuthError("invalid_client", null));
	}

	private static Mono<ServerResponse> invalidRequest(String description) {
		return error(HttpStatus.BAD_REQUEST, "invalid_request", description);
	}

	private static Mono<ServerResponse> invalidGrant(String description) {
		return error(HttpStatus.BAD_REQUEST, "invalid_grant", description);
	}

	private static Mono<ServerResponse> error(HttpStatus status, String error, String description) {
		logger.info("Simulated token endpoint refused a request: " + error + " (" + description + ")");
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.bodyValue(new OAuthError(error, description));
	}

}
