package com.crayon.token.examples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * README "Complete examples", WebFlux: registers {@link CrayonUsers} once per named client, in
 * the group of the client's name, each backed by a {@code WebClient}.
 */
@SpringBootApplication
@ImportHttpServices(group = "prod", types = CrayonUsers.class, clientType = ClientType.WEB_CLIENT)
@ImportHttpServices(group = "demo", types = CrayonUsers.class, clientType = ClientType.WEB_CLIENT)
public class ExampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExampleApplication.class, args);
	}

}
