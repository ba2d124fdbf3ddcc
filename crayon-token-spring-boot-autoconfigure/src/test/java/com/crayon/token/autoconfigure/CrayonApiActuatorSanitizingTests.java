package com.crayon.token.autoconfigure;

import java.util.List;
import java.util.Map;

import com.crayon.token.ReactorResourcesPerContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator {@code configprops} and {@code env} endpoints never show the client secret, the
 * password or the store key, even when told to show values.
 */
class CrayonApiActuatorSanitizingTests {

	private static final String SECRET = "actuator-visible-secret";

	private static final String PASSWORD = "actuator-visible-password";

	private static final String STORE_KEY = "actuator-visible-store-key-of-32-bytes";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				CrayonTokenAutoConfiguration.class))
		.withPropertyValues("crayon.api.client-id=visible-client", "crayon.api.client-secret=" + SECRET,
				"crayon.api.username=visible-user", "crayon.api.password=" + PASSWORD,
				"crayon.api.store.key=" + STORE_KEY, "crayon.api.store.key-prefix=visible:prefix:");

	@Test
	void endpointsWhenShowValuesAlwaysThenCredentialsMaskedAndOtherValuesShown() {
		this.contextRunner.run((context) -> assertThat(report(context)).contains("visible-client")
			.contains("visible-user")
			.contains("visible:prefix:")
			.doesNotContain(SECRET)
			.doesNotContain(PASSWORD)
			.doesNotContain(STORE_KEY));
	}

	@Test
	void endpointsWhenStoreKeySetAsEnvironmentVariableThenMasked() {
		String fromEnvironment = "store-key-from-the-environment-of-32-bytes";
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-environment",
						Map.of("CRAYON_API_STORE_KEY", fromEnvironment, "CRAYON_API_STORE_KEY_PREFIX", "env:prefix:"))))
			.run((context) -> {
				assertThat(context.getBean(CrayonApiProperties.class).getStore().getKey()).isEqualTo(fromEnvironment);
				assertThat(report(context)).contains("env:prefix:").doesNotContain(fromEnvironment);
			});
	}

	private static String report(AssertableApplicationContext context) {
		List<SanitizingFunction> functions = List.copyOf(context.getBeansOfType(SanitizingFunction.class).values());
		ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(functions,
				Show.ALWAYS);
		configprops.setApplicationContext(context);
		EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), functions, Show.ALWAYS);
		JsonMapper mapper = JsonMapper.builder().build();
		return mapper.writeValueAsString(configprops.configurationPropertiesWithPrefix("crayon.api"))
				+ mapper.writeValueAsString(env.environment("crayon"))
				+ mapper.writeValueAsString(env.environment("CRAYON"));
	}

}
