package com.crayon.token.examples.servlet;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

/**
 * README "Complete examples", servlet: answers the user name of each client's Crayon API user.
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
	public String prod() {
		return this.prod.me().userName();
	}

	@GetMapping("/users/demo")
	public String demo() {
		return this.demo.me().userName();
	}

}
