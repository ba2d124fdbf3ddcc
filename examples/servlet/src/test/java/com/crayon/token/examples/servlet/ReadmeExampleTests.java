package com.crayon.token.examples.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the README's "Servlet (Spring MVC) with two named clients" section shows every file of this example
 * as it is, in order, one code block each: a Java file without its package line and its type's
 * javadoc, tabs as four spaces.
 */
class ReadmeExampleTests {

	private static final String SECTION = "### Servlet (Spring MVC) with two named clients\n";

	private static final String MAIN = "src/main/java/com/crayon/token/examples/servlet/";

	private static final String TEST = "src/test/java/com/crayon/token/examples/servlet/";

	private static final List<String> FILES = List.of("src/main/resources/application.yml",
			MAIN + "ExampleApplication.java", MAIN + "CrayonUsers.java", MAIN + "CrayonUser.java",
			MAIN + "UserController.java", TEST + "ExampleApplicationTests.java");

	private static final Pattern CODE_BLOCK = Pattern.compile("^```\\w*\\n(.*?)\\n```$",
			Pattern.MULTILINE | Pattern.DOTALL);

	private static final Pattern TYPE_JAVADOC = Pattern.compile("^/\\*\\*\\n.*?^ \\*/\\n",
			Pattern.MULTILINE | Pattern.DOTALL);

	@Test
	void readmeWhenRenderedThenShowsEveryFileOfTheExampleAsItIs() throws IOException {
		List<String> files = new ArrayList<>();
		for (String file : FILES) {
			files.add(snippet(Path.of(file)));
		}
		String readme = Files.readString(Path.of("../../README.md"));
		assertThat(codeBlocks(section(readme))).containsExactlyElementsOf(files);
	}

	/** Return the README's section of this example, up to the next heading of its level or above. */
	private static String section(String readme) {
		int start = readme.indexOf(SECTION);
		assertThat(start).as(SECTION.strip()).isNotNegative();
		Matcher next = Pattern.compile("^#{2,3} ", Pattern.MULTILINE).matcher(readme);
		int end = next.find(start + SECTION.length()) ? next.start() : readme.length();
		return readme.substring(start, end);
	}

	private static List<String> codeBlocks(String section) {
		List<String> blocks = new ArrayList<>();
		Matcher block = CODE_BLOCK.matcher(section);
		while (block.find()) {
			blocks.add(block.group(1));
		}
		return blocks;
	}

	/** Return a file as the README shows it. */
	private static String snippet(Path file) throws IOException {
		String text = Files.readString(file);
		if (file.toString().endsWith(".java")) {
			text = text.substring(text.indexOf('\n', text.indexOf("package ")) + 1);
			text = TYPE_JAVADOC.matcher(text).replaceFirst("");
		}
		return text.strip().replace("\t", "    ");
	}

}
