package com.crayon.token.examples.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

/**
 * README "Complete examples", WebFlux: answers the user name of each client's Crayon API user.
 */
@RestController
public class UserController {

	private final CrayonUsers prod;

	private final CrayonUsers demo;

	public UserController(HttpServiceProxyRegistry groups) {
		this.prod = groups.getClient("prod", CrayonUsers.class);
		this.demo = groups.getClient("demo", CrayonUsers.class);
	}

	@GetMapping("/users/prod")
	public Mono<String> prod() {
		return this.prod.me().map(CrayonUser::userName);
	}

	@GetMapping("/users/demo")
	public Mono<String> demo() {
		return this.demo.me().map(CrayonUser::userName);
	}

}
