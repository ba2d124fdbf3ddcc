package com.crayon.token.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.docs.errors.CrayonTokenExceptionHandler;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the README's "Errors in a controller" section shows
 * {@link CrayonTokenExceptionHandler} as it is, and that the handler answers a Spring MVC
 * request whose Crayon API call got no token with 503 and {@code Retry-After} when the token
 * endpoint is failing, with 502 when it rejects the credentials.
 */
class ErrorsReadmeTests {

	private static final Path SNIPPET = Path.of(
			"src/test/java/com/crayon/token/docs/errors/CrayonTokenExceptionHandler.java");

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final CrayonTokenService tokens = this.endpoint.serviceBuilder().build();

	private final MockMvcTester mvc = MockMvcTester.of(List.of(new OrganizationsController(RestClient.builder()
		.baseUrl(this.endpoint.baseUrl())
		.requestInterceptor(new CrayonBearerClientHttpRequestInterceptor(this.tokens, this.endpoint.baseUrl()))
		.build())), (builder) -> builder.setControllerAdvice(new CrayonTokenExceptionHandler()).build());

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void readmeWhenRenderedThenShowsTheHandlerAsCompiled() throws IOException {
		String readme = Files.readString(Path.of("../README.md"));
		String text = Files.readString(SNIPPET);
		String snippet = text.substring(text.indexOf("\n */\n") + "\n */\n".length()).strip().replace("\t", "    ");
		assertThat(readme).contains(snippet);
	}

	@Test
	void requestWhenTokenEndpointFailingThenServiceUnavailableWithRetryAfter() {
		this.endpoint.answer(TokenEndpoint.json(503, "{}"));
		MvcTestResult result = this.mvc.get().uri("/organizations").exchange();
		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.containsHeader(HttpHeaders.RETRY_AFTER);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(503);
	}

	@Test
	void requestWhenCredentialsRejectedThenBadGatewayWithoutRetryAfterOrSecrets() {
		this.endpoint.answer(TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}"));
		MvcTestResult result = this.mvc.get().uri("/organizations").exchange();
		assertThat(result).hasStatus(HttpStatus.BAD_GATEWAY)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.doesNotContainHeader(HttpHeaders.RETRY_AFTER);
		assertThat(result).bodyText()
			.contains("the application log says why")
			.doesNotContain(TokenEndpoint.PASSWORD)
			.doesNotContain(TokenEndpoint.CLIENT_SECRET);
	}

	@RestController
	static class OrganizationsController {

		private final RestClient crayon;

		OrganizationsController(RestClient crayon) {
			this.crayon = crayon;
		}

		@GetMapping("/organizations")
		String organizations() {
			return this.crayon.get().uri("/api/v1/organizations/").retrieve().body(String.class);
		}

	}

}
