package com.crayon.token.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.web.CrayonBearerExchangeFilterFunction;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.transport.ProxyProvider;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CrayonTokenAutoConfiguration}.
 */
class CrayonTokenAutoConfigurationTests {

	private static final String[] CREDENTIALS = { "crayon.api.client-id=test-client",
			"crayon.api.client-secret=test-secret", "crayon.api.username=test-user",
			"crayon.api.password=test-password" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebClientAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonWebClientAutoConfiguration.class));

	@Test
	void autoConfigurationWhenConfiguredThenProvidesServiceFilterAndWebClient() {
		this.contextRunner.withPropertyValues(CREDENTIALS).run((context) -> {
			assertThat(context).hasSingleBean(CrayonTokenService.class);
			assertThat(context).hasSingleBean(CrayonBearerExchangeFilterFunction.class);
			assertThat(context).hasBean("crayonWebClient");
			assertThat(context.getBean("crayonWebClient")).isInstanceOf(WebClient.class);
		});
	}

	@Test
	void autoConfigurationWhenConfiguredThenFetchesNothingAtStartup() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			this.contextRunner.withPropertyValues(CREDENTIALS)
				.withPropertyValues("crayon.api.base-url=" + endpoint.baseUrl())
				.run((context) -> assertThat(context).hasNotFailed());
			assertThat(endpoint.server().getAllServeEvents()).isEmpty();
		}
	}

	@Test
	void autoConfigurationWhenUserDefinesBeansThenUserBeansWin() {
		this.contextRunner.withPropertyValues(CREDENTIALS).withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(CrayonTokenService.class).isSameAs(UserBeans.SERVICE);
			assertThat(context).getBean("crayonWebClient").isSameAs(UserBeans.WEB_CLIENT);
			assertThat(context).hasSingleBean(CrayonBearerExchangeFilterFunction.class);
		});
	}

	@Test
	void autoConfigurationWhenUserDefinesServiceThenCredentialsNotRequired() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(CrayonTokenService.class).isSameAs(UserBeans.SERVICE);
		});
	}

	@Test
	void autoConfigurationWhenDisabledThenBacksOff() {
		this.contextRunner.withPropertyValues("crayon.api.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CrayonTokenService.class);
			assertThat(context).doesNotHaveBean(CrayonBearerExchangeFilterFunction.class);
			assertThat(context).doesNotHaveBean("crayonWebClient");
			assertThat(context).doesNotHaveBean(CrayonApiProperties.class);
		});
	}

	@Test
	void autoConfigurationWhenWebClientMissingThenBacksOff() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CrayonTokenService.class);
				assertThat(context).doesNotHaveBean("crayonWebClient");
			});
	}

	@Test
	void propertiesWhenSetThenBound() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.base-url=https://demoapi.crayon.com/",
					"crayon.api.token-uri=https://demoapi.crayon.com/api/v1/connect/token/", "crayon.api.scope=Other",
					"crayon.api.token.expiry-margin=1m", "crayon.api.token.refresh-before-expiry=10m",
					"crayon.api.token.timeout=3s", "crayon.api.token.retry.max-attempts=5",
					"crayon.api.token.retry.initial-backoff=1s", "crayon.api.token.retry.max-backoff=30s",
					"crayon.api.token.retry.credential-backoff=2m", "crayon.api.token.retry.max-credential-backoff=1h")
			.run((context) -> {
				CrayonApiProperties properties = context.getBean(CrayonApiProperties.class);
				assertThat(properties.getBaseUrl()).isEqualTo("https://demoapi.crayon.com/");
				assertThat(properties.getTokenUri()).isEqualTo("https://demoapi.crayon.com/api/v1/connect/token/");
				assertThat(properties.getClientId()).isEqualTo("test-client");
				assertThat(properties.getScope()).isEqualTo("Other");
				assertThat(properties.getToken().getExpiryMargin()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getToken().getRefreshBeforeExpiry()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getToken().getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getToken().getRetry().getMaxAttempts()).isEqualTo(5);
				assertThat(properties.getToken().getRetry().getInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getToken().getRetry().getMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getToken().getRetry().getCredentialBackoff()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.getToken().getRetry().getMaxCredentialBackoff()).isEqualTo(Duration.ofHours(1));
			});
	}

	@Test
	void propertiesWhenSetAsEnvironmentVariablesThenBound() {
		Map<String, Object> variables = Map.of("CRAYON_API_CLIENT_ID", "env-client", "CRAYON_API_CLIENT_SECRET",
				"env-secret", "CRAYON_API_USERNAME", "env-user", "CRAYON_API_PASSWORD", "env-password",
				"CRAYON_API_BASE_URL", "https://demoapi.crayon.com", "CRAYON_API_TOKEN_EXPIRY_MARGIN", "45s");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CrayonApiProperties properties = context.getBean(CrayonApiProperties.class);
				assertThat(properties.getClientId()).isEqualTo("env-client");
				assertThat(properties.getClientSecret()).isEqualTo("env-secret");
				assertThat(properties.getUsername()).isEqualTo("env-user");
				assertThat(properties.getPassword()).isEqualTo("env-password");
				assertThat(properties.getBaseUrl()).isEqualTo("https://demoapi.crayon.com");
				assertThat(properties.getToken().getExpiryMargin()).isEqualTo(Duration.ofSeconds(45));
			});
	}

	@Test
	void propertiesWhenKeysForEveryClientSetThenBoundApartFromTheClientKeys() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.fetch-on-startup=false", "crayon.api.idle-timeout=15m",
					"crayon.api.max-concurrent-token-requests=4", "crayon.api.store.type=local",
					"crayon.api.store.key-prefix=app:", "crayon.api.store.timeout=1s",
					"crayon.api.token.refresh-jitter=10s", "crayon.api.clients.demo.token.refresh-jitter=0s",
					"crayon.api.clients.demo.username=demo-user")
			.run((context) -> {
				CrayonApiProperties properties = context.getBean(CrayonApiProperties.class);
				assertThat(properties.isFetchOnStartup()).isFalse();
				assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
				assertThat(properties.getMaxConcurrentTokenRequests()).isEqualTo(4);
				assertThat(properties.getStore().getType()).isEqualTo(CrayonApiProperties.StoreType.LOCAL);
				assertThat(properties.getStore().getKeyPrefix()).isEqualTo("app:");
				assertThat(properties.getStore().getTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getToken().getRefreshJitter()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.getClients().get("demo").getToken().getRefreshJitter()).isZero();
				assertThat(context.getBean(CrayonClientRegistry.class).configuredNames()).containsExactly("default",
						"demo");
			});
	}

	@Test
	void startupWhenRenamedKeySetThenFailureNamesItsNewKey() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.token.store=redis", "CRAYON_API_TOKEN_MAXCONCURRENTREQUESTS=4")
			.withSystemProperties("crayon.api.token.idle-timeout=1h")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessageContaining("crayon.api.token.store was renamed to crayon.api.store.type")
					.hasMessageContaining("crayon.api.token.idle-timeout was renamed to crayon.api.idle-timeout")
					.hasMessageNotContaining("max-concurrent");
			});
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.store.type=local", "crayon.api.idle-timeout=1h")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupWhenCredentialsMissingThenFailureNamesEveryMissingKey() {
		this.contextRunner.withPropertyValues("crayon.api.client-id=test-client", "crayon.api.password= ")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessage("crayon.api.client-secret, crayon.api.username, crayon.api.password must be set");
				FailureAnalysis analysis = new CrayonApiPropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("crayon.api.client-secret")
					.contains("crayon.api.username")
					.contains("crayon.api.password")
					.doesNotContain("crayon.api.client-id");
				assertThat(analysis.getAction()).contains("CRAYON_API_CLIENT_SECRET")
					.contains("crayon.api.enabled=false");
			});
	}

	@Test
	void failureAnalyzerWhenLookedUpLikeSpringBootDoesThenRegistered() {
		assertThat(org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation()
			.load(org.springframework.boot.diagnostics.FailureAnalyzer.class, null, (type, name, failure) -> {
				// other analyzers need constructor arguments that Boot supplies
			}))
			.anyMatch(CrayonApiPropertiesFailureAnalyzer.class::isInstance)
			.anyMatch((analyzer) -> analyzer.getClass()
				.getName()
				.equals("com.crayon.token.autoconfigure.service.CrayonHttpServiceGroupFailureAnalyzer"));
	}

	@Test
	void startupWhenPlainHttpToRemoteHostThenFailureNamesAllowInsecureHttp() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.base-url=http://api.crayon.com")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessageContaining("crayon.api.base-url")
					.hasMessageContaining("crayon.api.allow-insecure-http");
				FailureAnalysis analysis = new CrayonApiPropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("crayon.api.allow-insecure-http=true");
			});
	}

	@Test
	void startupWhenPlainHttpToLoopbackOrAllowedThenStarts() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.base-url=http://localhost:8080")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.base-url=http://127.0.0.1:8080")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.token-uri=http://idp.example.com/token",
					"crayon.api.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupWhenRefreshNotBeforeTheExpiryMarginThenFailureNamesBothKeys() {
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.withPropertyValues("crayon.api.token.refresh-before-expiry=20s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCrayonApiPropertiesException.class)
					.hasMessageContaining("crayon.api.token.refresh-before-expiry (PT20S) must be greater than "
							+ "crayon.api.token.expiry-margin (PT30S)");
				FailureAnalysis analysis = new CrayonApiPropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("crayon.api.token.refresh-before-expiry")
					.contains("crayon.api.token.expiry-margin");
			});
	}

	@Test
	void tokenRequestWhenApplicationHasGlobalWebClientCustomizerThenItDoesNotApply() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
			AtomicInteger customized = new AtomicInteger();
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withBean(WebClientCustomizer.class, () -> (builder) -> builder.filter((request, next) -> {
					customized.incrementAndGet();
					return next.exchange(ClientRequest.from(request)
						.headers((headers) -> headers.setBearerAuth("application-wide"))
						.build());
				}))
				.run((context) -> {
					assertThat(context.getBean(CrayonTokenService.class).getToken().value()).isEqualTo("token-1");
					assertThat(customized).as("the application's filter saw the token request").hasValue(0);
				});
			endpoint.server()
				.verify(1, postRequestedFor(urlPathEqualTo(TokenEndpoint.TOKEN_PATH)).withHeader("Authorization",
						WireMock.matching("Basic .*")));
		}
	}

	@Test
	void tokenRequestWhenProxyConfiguredWithConnectorBuilderCustomizerThenGoesThroughIt() {
		try (TokenEndpoint endpoint = new TokenEndpoint(); TokenEndpoint proxy = new TokenEndpoint()) {
			proxy.answer(TokenEndpoint.tokenResponse("via-proxy", 3600));
			ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> viaProxy = (builder) -> builder
				.withHttpClientCustomizer((client) -> client.proxy((spec) -> spec.type(ProxyProvider.Proxy.HTTP)
					.host("127.0.0.1")
					.port(proxy.server().port())));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withBean(ClientHttpConnectorBuilderCustomizer.class, () -> viaProxy)
				.run((context) -> assertThat(context.getBean(CrayonTokenService.class).getToken().value())
					.isEqualTo("via-proxy"));
			assertThat(proxy.tokenRequests()).isOne();
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void tokenRequestWhenApplicationDefinesClientHttpConnectorThenUsesIt() {
		try (TokenEndpoint endpoint = new TokenEndpoint(); TokenEndpoint proxy = new TokenEndpoint()) {
			proxy.answer(TokenEndpoint.tokenResponse("via-connector", 3600));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withBean(ClientHttpConnector.class,
						() -> new ReactorClientHttpConnector(HttpClient.create()
							.proxy((spec) -> spec.type(ProxyProvider.Proxy.HTTP)
								.host("127.0.0.1")
								.port(proxy.server().port()))))
				.run((context) -> assertThat(context.getBean(CrayonTokenService.class).getToken().value())
					.isEqualTo("via-connector"));
			assertThat(proxy.tokenRequests()).isOne();
			assertThat(endpoint.tokenRequests()).isZero();
		}
	}

	@Test
	void tokenRequestWhenHttpClientSettingsSetThenApplied() {
		try (TokenEndpoint endpoint = new TokenEndpoint()) {
			endpoint.answer(TokenEndpoint.tokenResponse("too-slow", 3600).withFixedDelay(3000));
			this.contextRunner.withPropertyValues(endpoint.crayonApiProperties())
				.withPropertyValues("spring.http.clients.read-timeout=200ms", "crayon.api.token.retry.max-attempts=1")
				.run((context) -> assertThatExceptionOfType(CrayonTokenException.class)
					.isThrownBy(context.getBean(CrayonTokenService.class)::getToken)
					.withMessageContaining("ReadTimeoutException"));
		}
	}

	@Test
	void contextWhenClosedThenTokenServiceClosed() {
		AtomicReference<CrayonTokenService> service = new AtomicReference<>();
		this.contextRunner.withPropertyValues(CREDENTIALS)
			.run((context) -> service.set(context.getBean(CrayonTokenService.class)));
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service.get()::getToken)
			.withMessageContaining("is closed");
	}


	@Test
	void sanitizingFunctionWhenCrayonCredentialThenMasksItWhateverTheSource() {
		this.contextRunner.withPropertyValues(CREDENTIALS).run((context) -> {
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			MapPropertySource source = new MapPropertySource("test", Map.of());
			assertThat(function.apply(new SanitizableData(source, "crayon.api.client-secret", "v")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "CRAYON_API_PASSWORD", "v")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "crayon.api.store.key", "v")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "CRAYON_API_STORE_KEY", "v")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "crayon.api.clients.demo.password", "v")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "crayon.api.client-id", "v")).getValue())
				.isEqualTo("v");
			assertThat(function.apply(new SanitizableData(source, "crayon.api.store.key-prefix", "v")).getValue())
				.isEqualTo("v");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final CrayonTokenService SERVICE = new CrayonTokenService() {

			@Override
			public Mono<CrayonAccessToken> token() {
				return Mono.empty();
			}

			@Override
			public CrayonAccessToken getToken() {
				throw new UnsupportedOperationException();
			}

			@Override
			public void invalidate(CrayonAccessToken token) {
			}

		};

		static final WebClient WEB_CLIENT = WebClient.create();

		@Bean
		CrayonTokenService userTokenService() {
			return SERVICE;
		}

		@Bean
		WebClient crayonWebClient() {
			return WEB_CLIENT;
		}

	}

}
