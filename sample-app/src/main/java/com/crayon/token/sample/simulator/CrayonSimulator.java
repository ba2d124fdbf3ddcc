package com.crayon.token.sample.simulator;

import java.time.Clock;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulated Crayon API as routes: the token endpoint, organizations and me, each with and
 * without its trailing slash, as the real API answers them. Served by this application (see
 * {@link CrayonSimulatorConfiguration}) or by any WebFlux server, such as one a test starts on a
 * free port.
 */
public final class CrayonSimulator {

	private CrayonSimulator() {
	}

	/**
	 * Return the simulator's routes.
	 * @param properties the credentials it accepts and the lifetime of its tokens
	 * @param clock the clock its tokens expire by
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> routes(CrayonSimulatorProperties properties, Clock clock) {
		IssuedTokens tokens = new IssuedTokens(clock);
		TokenEndpoint token = new TokenEndpoint(properties, tokens);
		ResourceEndpoints resources = new ResourceEndpoints(tokens);
		return RouterFunctions.route()
			.POST("/api/v1/connect/token", token)
			.POST("/api/v1/connect/token/", token)
			.GET("/api/v1/organizations", resources::organizations)
			.GET("/api/v1/organizations/", resources::organizations)
			.GET("/api/v1/me", resources::me)
			.GET("/api/v1/me/", resources::me)
			.build();
	}

}
