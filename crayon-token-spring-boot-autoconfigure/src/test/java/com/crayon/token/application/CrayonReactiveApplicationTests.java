package com.crayon.token.application;

import java.util.List;

import com.crayon.token.CrayonTokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of a Spring WebFlux application (Reactor Netty, a random port) with the
 * starter: the {@code crayon} HTTP service group backed by a {@code WebClient} carries the
 * token, the {@code other} group never does, and {@code crayonRestClient} fails clearly on the
 * event loop.
 */
@SpringBootTest(classes = ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
class CrayonReactiveApplicationTests {

	private static final CrayonApi API = new CrayonApi();

	@Autowired
	private CrayonTokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Value("${local.server.port}")
	private int port;

	private RestClient application;

	@DynamicPropertySource
	static void crayonApi(DynamicPropertyRegistry registry) {
		API.register(registry);
	}

	@AfterAll
	static void stopApi() {
		API.close();
	}

	@BeforeEach
	void bindClient() {
		this.application = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void applicationWhenStartedThenReactiveWithCrayonClientsOfEveryKind() {
		assertThat(this.context.getBeanNamesForType(RequestMappingHandlerAdapter.class)).isNotEmpty();
		assertThat(this.context.containsBean("crayonWebClient")).isTrue();
		assertThat(this.context.containsBean("crayonRestClient")).isTrue();
	}

	@Test
	void webClientGroupWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertThat(get("/calls/group")).isEqualTo(CrayonApi.CRAYON_ORGANIZATIONS);
		assertThat(API.crayonGetAuthorizations()).isNotEmpty()
			.contains("Bearer " + this.tokens.token().block().value())
			.allMatch((authorization) -> authorization.matches("Bearer token-\\d+"));
	}

	@Test
	void crayonWebClientWhenCalledFromHandlerThenCarriesCurrentToken() {
		assertThat(get("/calls/web-client")).isEqualTo(CrayonApi.CRAYON_ORGANIZATIONS);
		assertThat(API.crayonGetAuthorizations()).contains("Bearer " + this.tokens.token().block().value());
	}

	@Test
	void otherGroupWhenCalledFromHandlerThenOtherOriginNeverSeesToken() {
		assertThat(get("/calls/other-group")).isEqualTo(CrayonApi.OTHER_ORGANIZATIONS);
		assertThat(API.elsewhereAuthorizations()).isNotEmpty().containsOnly("null");
	}

	@Test
	void webClientGroupWhenPostIsRejectedWith401ThenReplaysItsBodyOnceWithNewToken() {
		String organization = "{\"Name\":\"Fabrikam\"}";
		int tokenRequests = API.crayon.tokenRequests();
		ResponseEntity<String> created = this.application.post()
			.uri("/calls/group/organizations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(organization)
			.retrieve()
			.toEntity(String.class);
		assertThat(created.getStatusCode().value()).isEqualTo(201);
		assertThat(API.crayonPostBodies()).containsExactly(organization, organization);
		List<String> authorizations = API.crayonPostAuthorizations();
		assertThat(authorizations).hasSize(2)
			.doesNotHaveDuplicates()
			.contains("Bearer " + this.tokens.token().block().value());
		assertThat(API.crayon.tokenRequests()).isEqualTo(tokenRequests + ((tokenRequests == 0) ? 2 : 1));
	}

	@Test
	void crayonRestClientWhenCalledOnEventLoopThenFailsAtOnceSayingWhy() {
		int requests = API.crayonGetAuthorizations().size();
		String answer = get("/calls/rest-client-on-event-loop");
		String eventLoop = answer.substring(0, answer.indexOf(':'));
		assertThat(answer).contains("getToken() blocks, which is not supported on the non-blocking thread " + eventLoop)
			.contains("use token()");
		assertThat(API.crayonGetAuthorizations()).hasSize(requests);
	}

	private String get(String path) {
		return this.application.get().uri(path).retrieve().body(String.class);
	}

}
