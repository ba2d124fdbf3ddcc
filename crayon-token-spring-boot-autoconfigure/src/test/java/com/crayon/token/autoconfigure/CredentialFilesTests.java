package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which credential keys come from a file, found from their origin, and how a file is read.
 */
class CredentialFilesTests {

	@TempDir
	private Path tree;

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void readWhenOneTrailingNewlineThenTrimmedAsConfigTreeDoes() throws IOException {
		assertThat(read("secret\n")).isEqualTo("secret");
		assertThat(read("secret\r\n")).isEqualTo("secret");
		assertThat(read("secret")).isEqualTo("secret");
		assertThat(read("two\nlines\n")).isEqualTo("two\nlines\n");
		assertThat(read("")).isEmpty();
	}

	@Test
	void findWhenValuesFromConfigTreeThenTheirFilesByKey() throws IOException {
		Path password = write(this.tree.resolve("crayon.api.password"), "password\n");
		Path secret = write(this.tree.resolve("crayon/api/clients/partner/client-secret"), "secret\n");
		write(this.tree.resolve("unrelated.key"), "value");
		this.environment.getPropertySources().addFirst(configTree());
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("crayon.api.username", "user")));
		assertThat(find()).containsExactly(Map.entry("crayon.api.password", password.toAbsolutePath()),
				Map.entry("crayon.api.clients.partner.client-secret", secret.toAbsolutePath()));
	}

	@Test
	void findWhenSourceBeforeTheConfigTreeSetsTheKeyThenNotTheFile() throws IOException {
		write(this.tree.resolve("crayon.api.password"), "password\n");
		this.environment.getPropertySources().addFirst(configTree());
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("command line", Map.of("crayon.api.password", "other")));
		assertThat(find()).isEmpty();
	}

	@Test
	void findWhenValueFromPropertiesFileThenNotACredentialFile() throws IOException {
		Path file = write(this.tree.resolve("application.properties"), "crayon.api.password=password\n");
		List<PropertySource<?>> sources = new PropertiesPropertySourceLoader().load("application",
				new FileSystemResource(file));
		sources.forEach(this.environment.getPropertySources()::addFirst);
		assertThat(this.environment.getProperty("crayon.api.password")).isEqualTo("password");
		assertThat(find()).isEmpty();
	}

	private Map<String, Path> find() {
		CrayonApiProperties properties = CrayonClientsRebinder.bind(Binder.get(this.environment));
		return CredentialFiles.find(this.environment, properties);
	}

	private ConfigTreePropertySource configTree() {
		return new ConfigTreePropertySource("Config tree '" + this.tree + "'", this.tree,
				ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE);
	}

	private String read(String content) throws IOException {
		return CredentialFiles.read(write(this.tree.resolve("value"), content));
	}

	private static Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

}
