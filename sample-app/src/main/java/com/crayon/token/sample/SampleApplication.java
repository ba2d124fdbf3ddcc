package com.crayon.token.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample application that reads Crayon API organizations through the starter's
 * {@code crayonWebClient}, by default from the Crayon API simulator it serves itself.
 */
@SpringBootApplication(proxyBeanMethods = false)
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
