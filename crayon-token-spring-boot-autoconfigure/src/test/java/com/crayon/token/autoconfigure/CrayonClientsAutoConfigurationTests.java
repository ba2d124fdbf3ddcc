package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.health.CrayonHealthContributorAutoConfiguration;
import com.crayon.token.health.CrayonClientsHealthContributor;
import com.crayon.token.web.CrayonRequestAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Named clients from {@code crayon.api.clients.<name>.*}: inheritance from the top level, the
 * default client, start-up failures that name the client, and per-request choice.
 */
class CrayonClientsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				CrayonHealthContributorAutoConfiguration.class));

	@Test
	void healthWhenOneConfiguredClientAndClientsRegisteredAtRuntimeThenTheirSummaryIsUnderRegistered() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			this.contextRunner.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
					"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
					"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "crayon.api.username=alice",
					"crayon.api.password=" + TokenEndpoint.PASSWORD).run((context) -> {
						HealthIndicator crayon = context.getBean("crayonHealthIndicator", HealthIndicator.class);
						context.getBean(CrayonTokenService.class).getToken();
						assertThat(crayon.health().getDetails()).containsKey("expiresIn")
							.doesNotContainKey(CrayonClientsHealthContributor.REGISTERED);
						CrayonClientRegistry clients = context.getBean(CrayonClientRegistry.class);
						clients.register("partner", credentials("bob")).getToken();
						CrayonTokenService wrong = clients.register("stranger", credentials("mallory"));
						assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(wrong::getToken);
						Health health = crayon.health();
						assertThat(health.getStatus()).isEqualTo(Status.UP);
						assertThat(health.getDetails()).containsKey("expiresIn");
						Health registered = (Health) health.getDetails().get(CrayonClientsHealthContributor.REGISTERED);
						assertThat(registered.getStatus()).as("one run-time client still works").isEqualTo(Status.UP);
						assertThat(registered.getDetails()).containsEntry("registered", 2)
							.containsEntry("usable", 1)
							.containsEntry("failing", 1)
							.containsEntry("failingClients", Map.of("stranger", "CREDENTIALS_REJECTED"));
						clients.remove("partner");
						assertThat(crayon.health().getStatus()).as("every run-time client failing").isEqualTo(Status.DOWN);
					});
		}
	}

	private static CrayonCredentials credentials(String username) {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, username,
				TokenEndpoint.PASSWORD);
	}

	@Test
	void tokenRequestWhenNamedClientsCredentialsRejectedThenMessageNamesThatClientsKeys() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice");
			this.contextRunner
				.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
						"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"crayon.api.clients.prod.username=alice",
						"crayon.api.clients.prod.password=" + TokenEndpoint.PASSWORD,
						"crayon.api.clients.demo.username=mallory",
						"crayon.api.clients.demo.password=" + TokenEndpoint.PASSWORD)
				.run((context) -> {
					CrayonClientRegistry clients = context.getBean(CrayonClientRegistry.class);
					assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(clients.get("demo")::getToken)
						.satisfies((ex) -> assertThat(ex.getReason())
							.isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED))
						.withMessageContaining("(crayon.api.clients.demo.client-id, crayon.api.clients.demo.client-secret)")
						.withMessageContaining("(crayon.api.clients.demo.username, crayon.api.clients.demo.password)")
						.withMessageNotContaining("(crayon.api.client-id")
						.withMessageNotContaining(TokenEndpoint.PASSWORD)
						.withMessageNotContaining(TokenEndpoint.CLIENT_SECRET);
				});
		}
	}

	@Test
	void tokenRequestWhenRuntimeClientsCredentialsRejectedThenMessagePointsAtTheRegisteredCredentials() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice");
			this.contextRunner.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
					"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
					"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "crayon.api.username=alice",
					"crayon.api.password=" + TokenEndpoint.PASSWORD).run((context) -> {
						CrayonTokenService stranger = context.getBean(CrayonClientRegistry.class)
							.register("stranger", credentials("mallory"));
						assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(stranger::getToken)
							.withMessageContaining("Check the credentials Crayon client 'stranger' was registered with")
							.withMessageNotContaining("crayon.api.");
					});
		}
	}

	@Test
	void clientsWhenNamedWithSharedTopLevelKeysThenEachInheritsAndUsesItsOwnUser() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			this.contextRunner
				.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
						"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"crayon.api.clients.prod.username=alice",
						"crayon.api.clients.prod.password=" + TokenEndpoint.PASSWORD,
						"crayon.api.clients.demo.username=bob",
						"crayon.api.clients.demo.password=" + TokenEndpoint.PASSWORD,
						"crayon.api.clients.demo.token.timeout=3s")
				.run((context) -> {
					CrayonClientRegistry clients = context.getBean(CrayonClientRegistry.class);
					assertThat(clients.configuredNames()).containsExactly("demo", "prod");
					assertThat(context).as("several clients and no default").doesNotHaveBean(CrayonTokenService.class);
					WebClient crayon = context.getBean("crayonWebClient", WebClient.class);
					assertThat(me(crayon, "prod")).contains("alice");
					assertThat(me(crayon, "demo")).contains("bob");
					assertThat(context.getBean("crayonHealthIndicator", HealthContributor.class))
						.isInstanceOf(CrayonClientsHealthContributor.class);
				});
			assertThat(endpoint.tokenRequestsFor("alice")).isOne();
			assertThat(endpoint.tokenRequestsFor("bob")).isOne();
		}
	}

	@Test
	void clientsWhenTopLevelCompleteAndNamedClientsThenDefaultServesTheSingleClientBeans() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("alice", "bob");
			this.contextRunner
				.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl(),
						"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "crayon.api.username=alice",
						"crayon.api.password=" + TokenEndpoint.PASSWORD, "crayon.api.clients.demo.username=bob")
				.run((context) -> {
					assertThat(context.getBean(CrayonClientRegistry.class).configuredNames()).containsExactly("default",
							"demo");
					CrayonTokenService defaultService = context.getBean(CrayonTokenService.class);
					assertThat(endpoint.userOf(defaultService.getToken().value())).isEqualTo("alice");
					WebClient crayon = context.getBean("crayonWebClient", WebClient.class);
					assertThat(crayon.get().uri("/api/v1/me/").retrieve().bodyToMono(String.class)
						.block(Duration.ofSeconds(10))).contains("alice");
					assertThat(me(crayon, "demo")).contains("bob");
				});
		}
	}

	@Test
	void clientsWhenOnlyOneNamedClientThenItIsTheDefault() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.issuePerUser("bob");
			this.contextRunner
				.withPropertyValues("crayon.api.clients.demo.base-url=" + endpoint.baseUrl(),
						"crayon.api.clients.demo.client-id=" + TokenEndpoint.CLIENT_ID,
						"crayon.api.clients.demo.client-secret=" + TokenEndpoint.CLIENT_SECRET,
						"crayon.api.clients.demo.username=bob",
						"crayon.api.clients.demo.password=" + TokenEndpoint.PASSWORD)
				.run((context) -> {
					assertThat(context.getBean(CrayonClientRegistry.class).defaultName()).isEqualTo("demo");
					assertThat(endpoint.userOf(context.getBean(CrayonTokenService.class).getToken().value()))
						.isEqualTo("bob");
				});
		}
	}

	@Test
	void startupWhenNamedClientIncompleteThenFailureNamesTheClientAndTheKey() {
		this.contextRunner
			.withPropertyValues("crayon.api.client-id=shared", "crayon.api.client-secret=shared-secret",
					"crayon.api.clients.prod.username=alice", "crayon.api.clients.prod.password=pw",
					"crayon.api.clients.demo.username=bob")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessage("crayon.api.clients.demo.password must be set");
				FailureAnalysis analysis = new CrayonApiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("CRAYON_API_CLIENTS_DEMO_PASSWORD");
			});
	}

	@Test
	void startupWhenNamedClientBaseUrlInsecureThenFailureNamesIt() {
		this.contextRunner
			.withPropertyValues("crayon.api.client-id=shared", "crayon.api.client-secret=shared-secret",
					"crayon.api.username=u", "crayon.api.password=p",
					"crayon.api.clients.demo.base-url=http://demoapi.crayon.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("crayon.api.clients.demo.base-url must use https"));
	}

	@Test
	void startupWhenNoClientConfiguredThenFailureNamesTheTopLevelKeysAndNamedClients() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("crayon.api.client-id, crayon.api.client-secret, crayon.api.username, crayon.api.password "
						+ "must be set");
			FailureAnalysis analysis = new CrayonApiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getAction()).contains("crayon.api.clients.<name>");
		});
	}

	private static String me(WebClient crayon, String client) {
		return crayon.get()
			.uri("/api/v1/me/")
			.attributes(CrayonRequestAttributes.crayonClient(client))
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

}
