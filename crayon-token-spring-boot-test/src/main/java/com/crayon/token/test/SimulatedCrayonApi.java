package com.crayon.token.test;

import java.time.Clock;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The state of one simulated Crayon API (issued tokens, injected faults, recorded requests) and
 * its routes: the token endpoint, organizations and me, each with and without its trailing slash,
 * as the real API answers them.
 */
final class SimulatedCrayonApi {

	final Settings settings;

	final IssuedTokens tokens;

	final Faults faults = new Faults();

	final Recordings recordings = new Recordings();

	private final RouterFunction<ServerResponse> routes;

	SimulatedCrayonApi(Settings settings, Clock clock) {
		this.settings = settings;
		this.tokens = new IssuedTokens(clock);
		TokenEndpoint token = new TokenEndpoint(settings, this.tokens, this.faults, this.recordings, clock);
		ResourceEndpoints resources = new ResourceEndpoints(this.tokens, this.faults, this.recordings, clock);
		this.routes = RouterFunctions.route()
			.POST(CrayonApiSimulator.TOKEN_PATH, token)
			.POST(CrayonApiSimulator.TOKEN_PATH + "/", token)
			.GET("/api/v1/organizations", resources::organizations)
			.GET("/api/v1/organizations/", resources::organizations)
			.GET("/api/v1/me", resources::me)
			.GET("/api/v1/me/", resources::me)
			.build();
	}

	RouterFunction<ServerResponse> routes() {
		return this.routes;
	}

}
