package com.crayon.token.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Sample application that reads Crayon API organizations through {@link CrayonOrganizations},
 * an HTTP service client in the {@code crayon} group that the starter authenticates, by default
 * from the Crayon API simulator it serves itself.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ImportHttpServices(group = "crayon", types = CrayonOrganizations.class, clientType = ClientType.WEB_CLIENT)
public final class SampleApplication {

	private SampleApplication() {
	}

	/**
	 * Start the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
