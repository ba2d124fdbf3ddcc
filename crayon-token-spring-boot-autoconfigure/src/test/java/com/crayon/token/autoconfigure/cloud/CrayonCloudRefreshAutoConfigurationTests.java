package com.crayon.token.autoconfigure.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import com.crayon.token.CapturedLogs;
import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStatus;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.TokenServiceSettings;
import com.crayon.token.autoconfigure.CrayonClientsRebinder;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.CrayonWebClientAutoConfiguration;
import com.crayon.token.autoconfigure.metrics.CrayonMetricsAutoConfiguration;
import com.crayon.token.metrics.MeterRegistryCrayonTokenListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Cloud's {@link EnvironmentChangeEvent} (what {@code /actuator/refresh}, Spring Cloud Bus
 * and a Kubernetes configuration watcher end in) gives the configured clients the new
 * {@code crayon.api.*} configuration; Spring Cloud's own rebinder of configuration properties
 * runs beside it, as in an application.
 */
class CrayonCloudRefreshAutoConfigurationTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	/** The application's configuration, changed by the tests as a configuration source would. */
	private final Map<String, Object> configuration = new ConcurrentHashMap<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withBean(SimpleMeterRegistry.class)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class, CrayonMetricsAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class, CrayonCloudRefreshAutoConfiguration.class))
		.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("configuration", this.configuration)));

	@BeforeEach
	void configure() {
		this.configuration.put("crayon.api.base-url", this.endpoint.baseUrl());
		this.configuration.put("crayon.api.client-id", TokenEndpoint.CLIENT_ID);
		this.configuration.put("crayon.api.client-secret", TokenEndpoint.CLIENT_SECRET);
		this.configuration.put("crayon.api.username", TokenEndpoint.USERNAME);
		this.configuration.put("crayon.api.password", TokenEndpoint.PASSWORD);
		this.configuration.put("crayon.api.token.retry.max-attempts", "1");
	}

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void refreshWhenWrongPasswordReplacedThenNextCallSucceedsWithoutWaitingOutTheBackoff() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.endpoint.checkCredentials();
		this.configuration.put("crayon.api.password", "wrong-password");
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			for (int i = 0; i < 2; i++) {
				assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
					.satisfies((ex) -> assertThat(ex.getReason())
						.isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
			}
			assertThat(this.endpoint.tokenRequests()).as("the credential backoff holds back the second call").isOne();

			this.configuration.put("crayon.api.password", TokenEndpoint.PASSWORD);
			refresh(context, "crayon.api.password");

			assertThat(service.status().lastFailure()).as("health forgets the old password's failure").isNull();
			assertThat(service.status().state()).isIn(CrayonTokenStatus.State.NONE, CrayonTokenStatus.State.NOT_REQUESTED);
			CrayonAccessToken token = service.getToken();
			assertThat(this.endpoint.userOf(token.value())).isEqualTo(TokenEndpoint.USERNAME);
			assertThat(tokenRequestsWithPassword(TokenEndpoint.PASSWORD)).isOne();
			assertThat(context.getBean(MeterRegistry.class)
				.get(MeterRegistryCrayonTokenListener.CREDENTIAL_CHANGES)
				.counter()
				.count()).isOne();
		});
	}

	@Test
	void refreshWhenUserChangedThenOldTokenNeverSentAgain() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "rotated-user");
		this.contextRunner.run((context) -> {
			WebClient crayon = context.getBean(CrayonWebClientAutoConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class);
			assertThat(me(crayon)).contains(TokenEndpoint.USERNAME);
			String old = "Bearer " + context.getBean(CrayonTokenService.class).getToken().value();

			this.configuration.put("crayon.api.username", "rotated-user");
			refresh(context, "crayon.api.username");

			assertThat(me(crayon)).contains("rotated-user");
			assertThat(me(crayon)).contains("rotated-user");
			List<String> sent = this.endpoint.server()
				.findAll(getRequestedFor(urlPathEqualTo("/api/v1/me/")))
				.stream()
				.map((request) -> request.getHeader("Authorization"))
				.toList();
			assertThat(sent).hasSize(3).first().isEqualTo(old);
			assertThat(sent.subList(1, 3)).doesNotContain(old).containsOnly("Bearer token-of-rotated-user-1");
			assertThat(this.endpoint.tokenRequestsFor("rotated-user")).isOne();
		});
	}

	@Test
	void refreshWhenEnvironmentVariableChangedThenClientRotates() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "rotated-user");
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			service.getToken();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("environment",
						Map.of("CRAYON_API_USERNAME", "rotated-user")));
			refresh(context, "CRAYON_API_USERNAME");
			assertThat(this.endpoint.userOf(service.getToken().value())).isEqualTo("rotated-user");
		});
	}

	@Test
	void refreshWhenNamedClientAddedAndRemovedThenRegistryFollowsAndOthersKeepTheirToken() {
		this.endpoint.issuePerUser("alpha-user", "beta-user", "gamma-user");
		this.configuration.remove("crayon.api.username");
		this.configuration.put("crayon.api.clients.alpha.username", "alpha-user");
		this.configuration.put("crayon.api.clients.beta.username", "beta-user");
		this.contextRunner.run((context) -> {
			CrayonClientRegistry registry = context.getBean(CrayonClientRegistry.class);
			CrayonTokenService alpha = registry.get("alpha");
			CrayonAccessToken alphaToken = alpha.getToken();
			CrayonTokenService beta = registry.get("beta");
			beta.getToken();

			this.configuration.remove("crayon.api.clients.beta.username");
			this.configuration.put("crayon.api.clients.gamma.username", "gamma-user");
			refresh(context, "crayon.api.clients.beta.username", "crayon.api.clients.gamma.username");

			assertThat(registry.configuredNames()).containsExactly("alpha", "gamma");
			assertThat(registry.find("beta")).isNull();
			assertThat(registry.get("alpha")).isSameAs(alpha);
			assertThat(alpha.getToken()).isEqualTo(alphaToken);
			assertThat(this.endpoint.userOf(registry.get("gamma").getToken().value())).isEqualTo("gamma-user");
			assertThat(this.endpoint.tokenRequestsFor("alpha-user")).as("alpha keeps its token").isOne();
			assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
		});
	}

	@Test
	void refreshWhenTimeoutChangedThenAppliedFromNextRequestWithoutNewToken() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			CrayonAccessToken token = service.getToken();
			assertThat(TokenServiceSettings.of(service).timeout()).isEqualTo(Duration.ofSeconds(10));

			this.configuration.put("crayon.api.token.timeout", "7s");
			refresh(context, "crayon.api.token.timeout");

			assertThat(TokenServiceSettings.of(service).timeout()).isEqualTo(Duration.ofSeconds(7));
			assertThat(service.getToken()).isEqualTo(token);
			assertThat(this.endpoint.tokenRequests()).isOne();
			assertThat(context.getBean(MeterRegistry.class)
				.find(MeterRegistryCrayonTokenListener.CREDENTIAL_CHANGES)
				.counter()).as("no rotation").isNull();
		});
	}

	@Test
	void refreshWhenNewConfigurationInvalidThenWarnsNamingTheKeysAndNothingChanges() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "rotated-user");
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			CrayonAccessToken token = service.getToken();
			try (CapturedLogs logs = new CapturedLogs(CrayonClientsRebinder.class.getName(), Level.INFO)) {
				this.configuration.put("crayon.api.username", "rotated-user");
				this.configuration.remove("crayon.api.password");
				this.configuration.put("crayon.api.token.expiry-margin", "10m");
				refresh(context, "crayon.api.username", "crayon.api.password", "crayon.api.token.expiry-margin");
				assertThat(logs.at(Level.WARN)).singleElement()
					.asString()
					.contains("crayon.api.password must be set", "crayon.api.token.refresh-before-expiry",
							"crayon.api.token.expiry-margin")
					.doesNotContain(TokenEndpoint.CLIENT_SECRET, "rotated-user");
			}
			assertThat(service.getToken()).isEqualTo(token);
			assertThat(TokenServiceSettings.of(service).expiryMargin()).isEqualTo(Duration.ofSeconds(30));
			assertThat(this.endpoint.tokenRequests()).isOne();
		});
	}

	@Test
	void refreshWhenStartUpOnlyKeysChangedThenOneWarnNamingThemAndClientsUntouched() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			CrayonAccessToken token = service.getToken();
			try (CapturedLogs logs = new CapturedLogs(CrayonClientsRebinder.class.getName(), Level.INFO)) {
				String storeKey = "a-store-key-of-more-than-32-bytes-0123456789";
				this.configuration.put("crayon.api.store.key", storeKey);
				this.configuration.put("crayon.api.max-concurrent-token-requests", "4");
				this.configuration.put("crayon.api.http-service-group", "partners");
				refresh(context, "crayon.api.store.key", "crayon.api.max-concurrent-token-requests",
						"crayon.api.http-service-group");
				assertThat(logs.at(Level.WARN)).singleElement()
					.asString()
					.contains("crayon.api.http-service-group", "crayon.api.store.key",
							"crayon.api.max-concurrent-token-requests", "restart")
					.doesNotContain(storeKey);

				refresh(context, "crayon.api.store.key");
				assertThat(logs.at(Level.WARN)).as("said once").hasSize(1);
			}
			assertThat(service.getToken()).isEqualTo(token);
			assertThat(this.endpoint.tokenRequests()).isOne();
		});
	}

	@Test
	void refreshWhenOnlyOtherKeysChangedThenClientsUntouched() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "rotated-user");
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			CrayonAccessToken token = service.getToken();
			this.configuration.put("crayon.api.username", "rotated-user");
			refresh(context, "spring.application.name", "crayon.apis.username", "CRAYONAPI_USERNAME");
			assertThat(service.getToken()).isEqualTo(token);
			assertThat(this.endpoint.tokenRequests()).isOne();
		});
	}

	@Test
	void refreshWhenClientRegisteredAtRunTimeThenItIsUntouched() {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "tenant-user", "rotated-user");
		this.contextRunner.run((context) -> {
			CrayonClientRegistry registry = context.getBean(CrayonClientRegistry.class);
			CrayonTokenService tenant = registry.register("tenant", CrayonCredentials.of(TokenEndpoint.CLIENT_ID,
					TokenEndpoint.CLIENT_SECRET, "tenant-user", TokenEndpoint.PASSWORD));
			CrayonAccessToken tenantToken = tenant.getToken();
			try (CapturedLogs logs = new CapturedLogs(CrayonClientsRebinder.class.getName(), Level.INFO)) {
				this.configuration.put("crayon.api.password", "rotated-password");
				this.configuration.put("crayon.api.clients.tenant.username", "rotated-user");
				this.configuration.put("crayon.api.clients.other.username", "rotated-user");
				refresh(context, "crayon.api.password", "crayon.api.clients.tenant.username",
						"crayon.api.clients.other.username");
				assertThat(logs.at(Level.WARN)).singleElement()
					.asString()
					.contains("'tenant' is a client registered at run time")
					.doesNotContain("rotated-password");
			}
			assertThat(registry.get("tenant")).isSameAs(tenant);
			assertThat(tenant.getToken()).isEqualTo(tenantToken);
			assertThat(registry.configuredNames()).containsExactly("default", "other");

			this.configuration.remove("crayon.api.clients.tenant.username");
			refresh(context, "crayon.api.clients.tenant.username");
			assertThat(registry.get("tenant")).as("never the properties' to remove").isSameAs(tenant);
			assertThat(this.endpoint.tokenRequestsFor("tenant-user")).isOne();
		});
	}

	@Test
	void autoConfigurationWhenSpringCloudContextAbsentThenBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CrayonClientRegistry.class)
				.doesNotHaveBean(CrayonEnvironmentChangeListener.class));
	}

	@Test
	void autoConfigurationWhenCrayonApiDisabledThenBacksOff() {
		this.configuration.put("crayon.api.enabled", "false");
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CrayonClientRegistry.class)
			.doesNotHaveBean(CrayonEnvironmentChangeListener.class));
	}

	@Test
	void autoConfigurationWhenSpringCloudContextPresentThenListens() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CrayonEnvironmentChangeListener.class));
	}

	@Test
	void isCrayonApiKeyWhenAnyFormSpringBootBindsThenTrue() {
		assertThat(List.of("crayon.api.password", "crayon.api.clients.alpha.client-secret", "CRAYON_API_PASSWORD",
				"CRAYON_API_CLIENTS_ALPHA_PASSWORD", "crayon.api.clientSecret", "crayon.api.clients[alpha].username"))
			.allMatch(CrayonEnvironmentChangeListener::isCrayonApiKey);
		assertThat(List.of("crayon.apis.password", "crayon.apipassword", "spring.crayon.api.password", "CRAYONAPI_X",
				"crayon"))
			.noneMatch(CrayonEnvironmentChangeListener::isCrayonApiKey);
	}

	private static void refresh(AssertableApplicationContext context, String... keys) {
		context.publishEvent(new EnvironmentChangeEvent(context.getSourceApplicationContext(), Set.of(keys)));
	}

	private int tokenRequestsWithPassword(String password) {
		return this.endpoint.server()
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(TokenEndpoint.TOKEN_PATH))
				.withFormParam("password", equalTo(password))
				.build())
			.getCount();
	}

	private static String me(WebClient crayon) {
		return crayon.get().uri("/api/v1/me/").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
	}

}
