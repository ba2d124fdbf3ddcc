package com.crayon.token.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the README's "Which client?" section shows each class of
 * {@code com.crayon.token.docs.whichclient} as it is, from its first annotation or declaration
 * to its end, indented with four spaces.
 */
class WhichClientReadmeTests {

	private static final Path SNIPPETS = Path.of("src/test/java/com/crayon/token/docs/whichclient");

	@Test
	void readmeWhenRenderedThenShowsEverySnippetAsCompiled() throws IOException {
		String readme = Files.readString(Path.of("../README.md"));
		List<Path> sources;
		try (Stream<Path> files = Files.list(SNIPPETS)) {
			sources = files.filter((file) -> !file.endsWith("package-info.java")).sorted().toList();
		}
		assertThat(sources).hasSizeGreaterThanOrEqualTo(7);
		for (Path source : sources) {
			assertThat(readme).as(source.getFileName().toString()).contains(snippet(source));
		}
	}

	/** Return a source file from the line after its type's javadoc to its end, tabs as four spaces. */
	private static String snippet(Path source) throws IOException {
		String text = Files.readString(source);
		int start = text.indexOf("\n */\n") + "\n */\n".length();
		return text.substring(start).strip().replace("\t", "    ");
	}

}
