package com.crayon.token.examples.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * README "Complete examples", servlet: registers {@link CrayonUsers} once per named client, in
 * the group of the client's name.
 */
@SpringBootApplication
@ImportHttpServices(group = "prod", types = CrayonUsers.class)
@ImportHttpServices(group = "demo", types = CrayonUsers.class)
public class ExampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExampleApplication.class, args);
	}

}
