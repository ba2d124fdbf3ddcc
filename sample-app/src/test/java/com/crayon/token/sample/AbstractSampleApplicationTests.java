package com.crayon.token.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts the whole sample application on a free port, so that {@code crayon.api.base-url}
 * ({@code http://localhost:${server.port}}) points at its own simulator, with a
 * {@link MutableClock} that the simulator's token expiry follows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@Import(MutableClock.class)
public abstract class AbstractSampleApplicationTests {

	/** Client for the running application, on 127.0.0.1. */
	protected WebTestClient client;

	/** Clock of the simulator's token expiry, reset after each test. */
	@Autowired
	protected MutableClock clock;

	@Value("${local.server.port}")
	private int port;

	@DynamicPropertySource
	static void serverPort(DynamicPropertyRegistry registry) {
		// chosen once per application context: a RANDOM_PORT is known only after the
		// crayonWebClient has been built with the base URL
		int port = freePort();
		registry.add("server.port", () -> port);
	}

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
