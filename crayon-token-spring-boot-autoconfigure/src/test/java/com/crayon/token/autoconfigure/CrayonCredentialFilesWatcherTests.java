package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import com.crayon.token.CapturedLogs;
import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientEvent;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.ReactorResourcesPerContext;
import com.crayon.token.TokenEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * With {@code crayon.api.reload-on-update=true}, credentials that come from a config tree (a
 * mounted Kubernetes Secret) follow their files; real files, a real watch service.
 */
class CrayonCredentialFilesWatcherTests {

	/** Bound of every wait for the watcher: generous for a loaded machine, never reached when it works. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final List<CrayonClientEvent> events = new CopyOnWriteArrayList<>();

	@TempDir
	private Path tree;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)
		.withBean(CrayonTokenListener.class, () -> new CrayonTokenListener() {

			@Override
			public void clientChanged(CrayonClientEvent event) {
				CrayonCredentialFilesWatcherTests.this.events.add(event);
			}

		})
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
				CrayonCredentialFilesAutoConfiguration.class))
		.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addLast(new ConfigTreePropertySource("Config tree '" + this.tree + "'", this.tree,
					ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE)))
		.withPropertyValues("crayon.api.base-url=" + this.endpoint.baseUrl(),
				"crayon.api.client-id=" + TokenEndpoint.CLIENT_ID, "crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET,
				"crayon.api.token.retry.max-attempts=1", "crayon.api.reload-on-update=true",
				"crayon.api.reload-quiet-period=200ms");

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void reloadWhenImportedPasswordFileReplacedThenNextCallSucceedsWithTheNewPassword() throws IOException {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		this.endpoint.checkCredentials();
		Path password = write(this.tree.resolve("crayon.api.password"), "wrong-password\n");
		write(this.tree.resolve("crayon.api.username"), TokenEndpoint.USERNAME + "\n");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FilesApplication.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.run("--spring.config.import=configtree:" + this.tree + "/", "--spring.main.banner-mode=off",
					"--crayon.api.base-url=" + this.endpoint.baseUrl(), "--crayon.api.client-id=" + TokenEndpoint.CLIENT_ID,
					"--crayon.api.client-secret=" + TokenEndpoint.CLIENT_SECRET, "--crayon.api.token.retry.max-attempts=1",
					"--crayon.api.reload-on-update=true", "--crayon.api.reload-quiet-period=200ms")) {
			assertThat(context.getBean(CrayonCredentialFilesWatcher.class).files()).containsOnlyKeys(
					"crayon.api.password", "crayon.api.username");
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(CrayonTokenException.Reason.CREDENTIALS_REJECTED));
			try (CapturedLogs logs = new CapturedLogs(CrayonCredentialFilesWatcher.class.getName(), Level.INFO)) {
				replace(password, TokenEndpoint.PASSWORD + "\n");

				CrayonAccessToken token = await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> token(service),
						(found) -> found != null);
				assertThat(this.endpoint.userOf(token.value())).isEqualTo(TokenEndpoint.USERNAME);
				assertThat(tokenRequestsWithPassword(TokenEndpoint.PASSWORD)).isOne();
				await().atMost(WAIT).until(() -> logs.at(Level.INFO), (lines) -> !lines.isEmpty());
				assertThat(logs.at(Level.INFO)).singleElement()
					.asString()
					.contains("crayon.api.password", password.toString(), "[default]")
					.doesNotContain(TokenEndpoint.PASSWORD, "wrong-password");
			}
		}
	}

	@Test
	void reloadWhenKubernetesSwapsTheDataLinkThenClientRotatesOnce() throws IOException {
		this.endpoint.issuePerUser("user-a", "user-b");
		Path first = write(this.tree.resolve("..2026_01_01_00_00_00.000000001/crayon.api.username"), "user-a\n")
			.getParent();
		write(first.resolve("crayon.api.password"), TokenEndpoint.PASSWORD + "\n");
		link(this.tree.resolve("..data"), first.getFileName());
		link(this.tree.resolve("crayon.api.username"), Path.of("..data", "crayon.api.username"));
		link(this.tree.resolve("crayon.api.password"), Path.of("..data", "crayon.api.password"));
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			assertThat(this.endpoint.userOf(service.getToken().value())).isEqualTo("user-a");

			// what the kubelet does: a new folder, a new link to it, the link renamed over ..data, the old folder removed
			Path second = write(this.tree.resolve("..2026_01_01_00_10_00.000000002/crayon.api.username"), "user-b\n")
				.getParent();
			write(second.resolve("crayon.api.password"), TokenEndpoint.PASSWORD + "\n");
			link(this.tree.resolve("..data_tmp"), second.getFileName());
			Files.move(this.tree.resolve("..data_tmp"), this.tree.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
			delete(first);

			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.endpoint.userOf(service.getToken().value()), "user-b"::equals);
			assertThat(this.endpoint.tokenRequestsFor("user-b")).isOne();
			assertThat(this.events).filteredOn((event) -> event.type() == CrayonClientEvent.Type.CREDENTIALS_CHANGED)
				.singleElement()
				.extracting(CrayonClientEvent::clientName)
				.isEqualTo(CrayonClientRegistry.DEFAULT_CLIENT);
		});
	}

	@Test
	void reloadWhenNamedClientFileInNestedFolderChangedThenOnlyThatClientRotates() throws IOException {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME, "alpha-user", "partner-user", "partner-user-rotated");
		Path partnerUser = write(this.tree.resolve("crayon/api/clients/partner/username"), "partner-user\n");
		this.contextRunner
			.withPropertyValues("crayon.api.username=" + TokenEndpoint.USERNAME,
					"crayon.api.password=" + TokenEndpoint.PASSWORD, "crayon.api.clients.alpha.username=alpha-user")
			.run((context) -> {
				assertThat(context.getBean(CrayonCredentialFilesWatcher.class).files())
					.containsOnlyKeys("crayon.api.clients.partner.username");
				CrayonClientRegistry registry = context.getBean(CrayonClientRegistry.class);
				assertThat(registry.configuredNames()).containsExactly("alpha", "default", "partner");
				CrayonAccessToken defaultToken = registry.get("default").getToken();
				CrayonAccessToken alphaToken = registry.get("alpha").getToken();
				assertThat(this.endpoint.userOf(registry.get("partner").getToken().value())).isEqualTo("partner-user");

				replace(partnerUser, "partner-user-rotated\n");

				await().atMost(WAIT)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> this.endpoint.userOf(registry.get("partner").getToken().value()),
							"partner-user-rotated"::equals);
				assertThat(registry.get("default").getToken()).isEqualTo(defaultToken);
				assertThat(registry.get("alpha").getToken()).isEqualTo(alphaToken);
				assertThat(this.endpoint.tokenRequests()).isEqualTo(4);
			});
	}

	@Test
	void reloadWhenFileBlankThenWarnsNamingTheKeyAndClientKeepsItsCredentials() throws IOException {
		this.endpoint.issuePerUser(TokenEndpoint.USERNAME);
		write(this.tree.resolve("crayon.api.username"), TokenEndpoint.USERNAME + "\n");
		Path password = write(this.tree.resolve("crayon.api.password"), TokenEndpoint.PASSWORD + "\n");
		this.contextRunner.run((context) -> {
			CrayonTokenService service = context.getBean(CrayonTokenService.class);
			CrayonAccessToken token = service.getToken();
			try (CapturedLogs logs = new CapturedLogs(CrayonCredentialFilesWatcher.class.getName(), Level.INFO)) {
				replace(password, "\n");
				await().atMost(WAIT).until(() -> logs.at(Level.WARN), (lines) -> !lines.isEmpty());
				assertThat(logs.at(Level.WARN)).singleElement()
					.asString()
					.contains("crayon.api.password must be set")
					.doesNotContain(TokenEndpoint.PASSWORD);
			}
			assertThat(service.getToken()).isEqualTo(token);
			assertThat(this.endpoint.tokenRequests()).isOne();
		});
	}

	@Test
	void reloadOnUpdateWhenOffThenNothingWatched() throws IOException {
		write(this.tree.resolve("crayon.api.username"), TokenEndpoint.USERNAME + "\n");
		write(this.tree.resolve("crayon.api.password"), TokenEndpoint.PASSWORD + "\n");
		this.contextRunner.withPropertyValues("crayon.api.reload-on-update=false").run((context) -> {
			assertThat(context).hasSingleBean(CrayonClientRegistry.class)
				.doesNotHaveBean(CrayonCredentialFilesWatcher.class);
			assertThat(watchingThreads()).isEmpty();
		});
	}

	@Test
	void reloadOnUpdateWhenNoCredentialFromAFileThenSaysSoAndStartsNoThread() {
		try (CapturedLogs logs = new CapturedLogs(CrayonCredentialFilesWatcher.class.getName(), Level.INFO)) {
			this.contextRunner
				.withPropertyValues("crayon.api.username=" + TokenEndpoint.USERNAME,
						"crayon.api.password=" + TokenEndpoint.PASSWORD)
				.run((context) -> {
					assertThat(context.getBean(CrayonCredentialFilesWatcher.class).files()).isEmpty();
					assertThat(watchingThreads()).isEmpty();
				});
			assertThat(logs.at(Level.INFO)).singleElement().asString().contains("nothing to watch");
		}
	}

	@Test
	void closeWhenContextClosedThenWatchingThreadEnds() throws IOException {
		write(this.tree.resolve("crayon.api.username"), TokenEndpoint.USERNAME + "\n");
		write(this.tree.resolve("crayon.api.password"), TokenEndpoint.PASSWORD + "\n");
		this.contextRunner.run((context) -> assertThat(watchingThreads()).singleElement()
			.satisfies((thread) -> assertThat(thread.isDaemon()).isTrue()));
		assertThat(watchingThreads()).isEmpty();
	}

	private static @Nullable CrayonAccessToken token(CrayonTokenService service) {
		try {
			return service.getToken();
		}
		catch (CrayonTokenException ex) {
			return null;
		}
	}

	private int tokenRequestsWithPassword(String password) {
		return this.endpoint.server()
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(TokenEndpoint.TOKEN_PATH))
				.withFormParam("password", equalTo(password))
				.build())
			.getCount();
	}

	private static List<Thread> watchingThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(CrayonCredentialFilesWatcher.THREAD_NAME) && thread.isAlive())
			.toList();
	}

	private static Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

	/**
	 * Replace a file at once, as a writer that renames a complete file over the old one.
	 */
	private static void replace(Path file, String content) throws IOException {
		Path next = write(file.resolveSibling("..next-" + file.getFileName()), content);
		Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void link(Path link, Path target) {
		try {
			Files.createSymbolicLink(link, target);
		}
		catch (IOException | UnsupportedOperationException ex) {
			Assumptions.abort("symbolic links are not available here: " + ex);
		}
	}

	private static void delete(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			CodecsAutoConfiguration.class, CrayonTokenAutoConfiguration.class,
			CrayonCredentialFilesAutoConfiguration.class })
	static class FilesApplication {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			return ReactorResourcesPerContext.factory();
		}

	}

}
