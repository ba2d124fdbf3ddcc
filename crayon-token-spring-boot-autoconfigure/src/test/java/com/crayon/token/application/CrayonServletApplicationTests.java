package com.crayon.token.application;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AbstractServletApplicationTests} on Tomcat's platform threads.
 */
@SpringBootTest(classes = ServletApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
class CrayonServletApplicationTests extends AbstractServletApplicationTests {

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
		assertThat(ServletApplication.HANDLER_THREADS).isNotEmpty().allMatch((thread) -> thread.contains("http-nio-"));
	}

}
