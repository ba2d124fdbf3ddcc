package com.crayon.token.sample;

import java.time.Duration;

import com.crayon.token.test.CrayonApiSimulator;
import com.crayon.token.test.EnableCrayonApiSimulator;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts the whole sample application on a random port, with {@code crayon.api.*} pointing at a
 * Crayon API simulator that {@link EnableCrayonApiSimulator} starts on a port of its own (the
 * application's own simulator routes stay on too), as a user's {@code @SpringBootTest} would.
 */
// tests replace tokens back to back: a 1 ms window lets each of them re-authenticate (default: once per 5 s);
// the first backoff may not exceed the longest, or retries fail in Reactor's jitter
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "crayon.api.token.retry.initial-backoff=1ms", "crayon.api.token.retry.max-backoff=1ms" })
@EnableCrayonApiSimulator
public abstract class AbstractSampleApplicationTests {

	/** Client for the running application, on 127.0.0.1. */
	protected WebTestClient client;

	/** The simulated Crayon API the application calls. */
	@Autowired
	protected CrayonApiSimulator simulator;

	@Value("${local.server.port}")
	private int port;

	@BeforeEach
	void bindClient() {
		// a bound for a loaded 2-core machine, not a timing goal: WebTestClient's default is 5 s
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
