package com.crayon.token.test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Simulated {@code GET /api/v1/organizations/} and {@code GET /api/v1/me/}: they answer only
 * requests with {@code Authorization: Bearer <token>} carrying a token the simulator issued and
 * that has not expired nor been revoked, and otherwise HTTP 401 with Crayon's
 * {@code ErrorCode}/{@code Message}; every request is recorded.
 */
final class ResourceEndpoints {

	private static final String SCHEME = "Bearer ";

	private static final Organization ORGANIZATION = new Organization(1, "Sample Organization");

	private final IssuedTokens tokens;

	private final Faults faults;

	private final Recordings recordings;

	private final Clock clock;

	ResourceEndpoints(IssuedTokens tokens, Faults faults, Recordings recordings, Clock clock) {
		this.tokens = tokens;
		this.faults = faults;
		this.recordings = recordings;
		this.clock = clock;
	}

	Mono<ServerResponse> organizations(ServerRequest request) {
		return authorized(request, (user) -> new OrganizationList(1, List.of(ORGANIZATION)));
	}

	Mono<ServerResponse> me(ServerRequest request) {
		return authorized(request,
				(user) -> new User(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString(), user,
						ORGANIZATION));
	}

	private Mono<ServerResponse> authorized(ServerRequest request, Function<String, Object> body) {
		return this.faults.delay().then(Mono.defer(() -> answer(request, body)));
	}

	private Mono<ServerResponse> answer(ServerRequest request, Function<String, Object> body) {
		Optional<String> token = bearer(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		Optional<String> user = token.flatMap(this.tokens::user);
		this.recordings.add(new RecordedApiRequest(this.clock.instant(), request.method().name(), request.path(),
				token.orElse(null), user.orElse(null), user.isPresent() ? 200 : 401));
		if (token.isEmpty()) {
			return unauthorized("Authorization: Bearer <token> is required");
		}
		return user
			.map((name) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body.apply(name)))
			.orElseGet(() -> unauthorized("The access token is unknown, has expired or was revoked"));
	}

	private static Optional<String> bearer(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return Optional.empty();
		}
		String token = authorization.substring(SCHEME.length()).trim();
		return token.isEmpty() ? Optional.empty() : Optional.of(token);
	}

	private static Mono<ServerResponse> unauthorized(String message) {
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new ApiError("Unauthorized", message));
	}

	/**
	 * Crayon's list answer.
	 */
	@JsonPropertyOrder({ "TotalHits", "Items" })
	record OrganizationList(@JsonProperty("TotalHits") long totalHits,
			@JsonProperty("Items") List<Organization> items) {

	}

	/**
	 * Organization, reduced to its id and name.
	 */
	@JsonPropertyOrder({ "Id", "Name" })
	record Organization(@JsonProperty("Id") long id, @JsonProperty("Name") String name) {

	}

	/**
	 * The API user, reduced to its id, name and organization.
	 */
	@JsonPropertyOrder({ "Id", "UserName", "Organization" })
	record User(@JsonProperty("Id") String id, @JsonProperty("UserName") String userName,
			@JsonProperty("Organization") Organization organization) {

	}

}
