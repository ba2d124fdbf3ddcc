package com.crayon.token.application;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AbstractServletApplicationTests} with {@code spring.threads.virtual.enabled=true}: on
 * Java 21 and later Tomcat handles each request on a virtual thread, and every client blocks
 * there; on Java 17 the property changes nothing and the tests run on platform threads.
 */
@SpringBootTest(classes = ServletApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.threads.virtual.enabled=true" })
class CrayonServletApplicationOnVirtualThreadsTests extends AbstractServletApplicationTests {

	private static final CrayonApi API = new CrayonApi();

	@DynamicPropertySource
	static void crayonApi(DynamicPropertyRegistry registry) {
		API.register(registry);
	}

	@AfterAll
	static void stopApi() {
		API.close();
	}

	@Override
	CrayonApi api() {
		return API;
	}

	@Override
	void assertHandlerThreads() {
		boolean virtualThreads = Runtime.version().feature() >= 21;
		assertThat(ServletApplication.HANDLER_THREADS).isNotEmpty()
			.allMatch((thread) -> thread.startsWith("VirtualThread[") == virtualThreads);
	}

}
