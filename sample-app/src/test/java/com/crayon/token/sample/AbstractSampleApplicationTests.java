package com.crayon.token.sample;

import java.time.Duration;

import com.crayon.token.sample.simulator.CrayonSimulator;
import com.crayon.token.sample.simulator.CrayonSimulatorProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;

/**
 * Starts the whole sample application on a random port. Its {@code crayon.api.base-url} points
 * at a Crayon API simulator that this class serves on a port it has already bound (so no other
 * process can take it first), with the simulator's default credentials; the application's own
 * simulator routes stay on too. Both expire tokens by one {@link MutableClock}.
 */
// tests replace tokens back to back: a 1 ms window lets each of them re-authenticate (default: once per 5 s)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "crayon.api.token.retry.max-backoff=1ms")
@Import(AbstractSampleApplicationTests.SimulatorClock.class)
public abstract class AbstractSampleApplicationTests {

	/** Clock of the simulators' token expiry, reset after each test. */
	protected static final MutableClock CLOCK = new MutableClock();

	private static final DisposableServer SIMULATOR = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle(new ReactorHttpHandlerAdapter(
				RouterFunctions.toHttpHandler(CrayonSimulator.routes(new CrayonSimulatorProperties(), CLOCK))))
		.bindNow(Duration.ofSeconds(10));

	/** Client for the running application, on 127.0.0.1. */
	protected WebTestClient client;

	/** Clock of the simulators' token expiry. */
	protected MutableClock clock = CLOCK;

	@Value("${local.server.port}")
	private int port;

	@DynamicPropertySource
	static void crayonApi(DynamicPropertyRegistry registry) {
		registry.add("crayon.api.base-url", () -> "http://127.0.0.1:" + SIMULATOR.port());
	}

	@BeforeEach
	void bindClient() {
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@AfterEach
	void resetClock() {
		CLOCK.reset();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SimulatorClock {

		@Bean
		MutableClock simulatorClock() {
			return CLOCK;
		}

	}

}
