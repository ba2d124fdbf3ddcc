package com.crayon.token.autoconfigure.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application whose configuration file changes, refreshed by Spring Cloud's
 * {@link ContextRefresher} (what {@code /actuator/refresh} calls): its clients follow.
 */
class CrayonCloudRefreshApplicationTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	@TempDir
	private Path config;

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void refreshWhenConfigurationFileGivesRightPasswordThenNextCallSucceedsAndNamedClientFollows() throws IOException {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "partner-user");
		this.endpoint.checkCredentials();
		Path file = this.config.resolve("application.properties");
		Files.writeString(file, configuration("wrong-password", ""));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RefreshedApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.additional-location=file:" + this.config + "/", "--spring.main.banner-mode=off")) {
			CrayonClientRegistry registry = context.getBean(CrayonClientRegistry.class);
			CrayonTokenService service = registry.get(CrayonClientRegistry.DEFAULT_CLIENT);
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));

			Files.writeString(file, configuration(TokenEndpoint.PASSWORD,
					"crayon.api.clients.partner.username=partner-user\n"));
			Set<String> changed = context.getBean(ContextRefresher.class).refresh();

			assertThat(changed).contains("crayon.api.password", "crayon.api.clients.partner.username");
			assertThat(this.endpoint.userOf(service.getToken().value())).isEqualTo(TokenEndpoint.USERNAME);
			assertThat(this.endpoint.server()
				.countRequestsMatching(postRequestedFor(urlPathEqualTo(TokenEndpoint.TOKEN_PATH))
					.withFormParam("password", equalTo(TokenEndpoint.PASSWORD))
					.withFormParam("username", equalTo(TokenEndpoint.USERNAME))
					.build())
				.getCount()).isOne();
			assertThat(registry.configuredNames()).containsExactly("default", "partner");
			assertThat(this.endpoint.userOf(registry.get("partner").getToken().value())).isEqualTo("partner-user");
		}
	}

	private String configuration(String password, String more) {
		return "crayon.api.base-url=" + this.endpoint.baseUrl() + "\n" + "crayon.api.client-id=" + TokenEndpoint.CLIENT_ID
				+ "\n" + "crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET + "\n" + "crayon.api.username="
				+ TokenEndpoint.USERNAME + "\n" + "crayon.api.password=" + password + "\n"
				+ "crayon.api.token.retry.max-attempts=1\n" + more;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			CodecsAutoConfiguration.class, CrayonTokenAutoConfiguration.class, RefreshAutoConfiguration.class,
			ConfigurationPropertiesRebinderAutoConfiguration.class, CrayonCloudRefreshAutoConfiguration.class })
	static class RefreshedApplication {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			return ReactorResourcesPerContext.factory();
		}

	}

}
