package com.crayon.token.application;

import java.util.List;

import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of a Spring MVC application (Tomcat, a random port) that calls the Crayon API
 * through {@code crayonRestClient}, a {@code RestTemplate} with the interceptor, the {@code crayon}
 * HTTP service group and the JDK's {@code HttpClient} with {@code getToken()}; subclasses run it
 * on platform and on virtual threads.
 */
abstract class AbstractServletApplicationTests {

	@Autowired
	private CrayonTokenService tokens;

	@Value("${local.server.port}")
	private int port;

	private RestClient application;

	/** Return the Crayon API and the other origin the application was pointed at. */
	abstract CrayonApi api();

	@BeforeEach
	void bindClient() {
		this.application = RestClient.create("http://127.0.0.1:" + this.port);
		ServletApplication.HANDLER_THREADS.clear();
	}

	@Test
	void crayonRestClientWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertCallCarriesCurrentToken("/calls/rest-client");
	}

	@Test
	void restTemplateWithInterceptorWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertCallCarriesCurrentToken("/calls/rest-template");
	}

	@Test
	void restClientGroupWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertCallCarriesCurrentToken("/calls/group");
	}

	@Test
	void httpClientWithGetTokenWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertCallCarriesCurrentToken("/calls/http-client");
	}

	@Test
	void otherGroupWhenCalledFromHandlerThenOtherOriginNeverSeesToken() {
		assertThat(get("/calls/other-group")).isEqualTo(CrayonApi.OTHER_ORGANIZATIONS);
		assertThat(api().elsewhereAuthorizations()).isNotEmpty().containsOnly("null");
	}

	@Test
	void generalPurposeClientWithInterceptorWhenCallingBothOriginsThenTokenOnlyGoesToCrayon() {
		String elsewhere = api().elsewhere.baseUrl() + CrayonApi.ORGANIZATIONS;
		String crayon = api().crayon.baseUrl() + CrayonApi.ORGANIZATIONS;
		assertThat(get("/calls/general-purpose?url=" + elsewhere)).isEqualTo(CrayonApi.OTHER_ORGANIZATIONS);
		assertThat(get("/calls/general-purpose?url=" + crayon)).isEqualTo(CrayonApi.CRAYON_ORGANIZATIONS);
		assertThat(api().elsewhereAuthorizations()).isNotEmpty().containsOnly("null");
		assertThat(api().crayonGetAuthorizations()).contains("Bearer " + this.tokens.getToken().value());
	}

	@Test
	void restClientGroupWhenPostIsRejectedWith401ThenReplaysItsBodyOnceWithNewToken() {
		String organization = "{\"Name\":\"Contoso\",\"Lines\":[1,2,3]}";
		int tokenRequests = api().crayon.tokenRequests();
		ResponseEntity<String> created = this.application.post()
			.uri("/calls/group/organizations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(organization)
			.retrieve()
			.toEntity(String.class);
		assertThat(created.getStatusCode().value()).isEqualTo(201);
		assertThat(created.getBody()).isEqualTo("{\"Id\":2,\"Name\":\"Created\"}");
		assertThat(api().crayonPostBodies()).containsExactly(organization, organization);
		List<String> authorizations = api().crayonPostAuthorizations();
		assertThat(authorizations).doesNotHaveDuplicates()
			.hasSize(2)
			.contains("Bearer " + this.tokens.getToken().value());
		assertThat(api().crayon.tokenRequests()).isEqualTo(tokenRequests + ((tokenRequests == 0) ? 2 : 1));
		assertHandlerThreads();
	}

	/** Check the threads the Crayon API was called from. */
	abstract void assertHandlerThreads();

	private void assertCallCarriesCurrentToken(String path) {
		assertThat(get(path)).isEqualTo(CrayonApi.CRAYON_ORGANIZATIONS);
		assertThat(api().crayonGetAuthorizations()).isNotEmpty()
			.contains("Bearer " + this.tokens.getToken().value())
			.allMatch((authorization) -> authorization.matches("Bearer token-\\d+"));
		assertHandlerThreads();
	}

	private String get(String path) {
		return this.application.get().uri(path).retrieve().body(String.class);
	}

}
