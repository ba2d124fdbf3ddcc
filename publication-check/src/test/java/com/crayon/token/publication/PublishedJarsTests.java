package com.crayon.token.publication;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.asm.ClassReader;
import org.springframework.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each published jar module has a main, a sources and a javadoc jar, built reproducibly, with an
 * {@code Automatic-Module-Name}; the auto-configuration jar carries its configuration metadata and
 * Spring files, the test-support jar its Spring test factories, and the javadoc of both describes
 * every public type.
 */
class PublishedJarsTests {

	private static final Map<String, String> MODULE_NAMES = Map.of("crayon-token-spring-boot-autoconfigure",
			"com.crayon.token.autoconfigure", "crayon-token-spring-boot-starter", "com.crayon.token.starter",
			"crayon-token-spring-boot-test", "com.crayon.token.test");

	private static final String AUTOCONFIGURE = "crayon-token-spring-boot-autoconfigure";

	private static final String TEST_SUPPORT = "crayon-token-spring-boot-test";

	/** The main public type of each module with code, whose source and javadoc page must be there. */
	private static final Map<String, String> MAIN_TYPES = Map.of(AUTOCONFIGURE, "com/crayon/token/CrayonTokenService",
			TEST_SUPPORT, "com/crayon/token/test/CrayonApiSimulator");

	/** The main jar (no classifier), the sources and the javadoc jar. */
	private static final List<String> CLASSIFIERS = Arrays.asList(null, "sources", "javadoc");

	@ParameterizedTest
	@FieldSource("com.crayon.token.publication.Publication#PUBLISHED_JAR_MODULES")
	void mainJarWhenBuiltThenHasAutomaticModuleName(String module) throws IOException {
		try (JarFile jar = Publication.openJar(module, null)) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
				.isEqualTo(MODULE_NAMES.get(module));
		}
	}

	@ParameterizedTest
	@FieldSource("com.crayon.token.publication.Publication#PUBLISHED_JAR_MODULES")
	void jarsWhenBuiltThenSourcesAndJavadocAreAttached(String module) throws IOException {
		try (JarFile sources = Publication.openJar(module, "sources");
				JarFile javadoc = Publication.openJar(module, "javadoc")) {
			if (MAIN_TYPES.containsKey(module)) {
				assertThat(sources.getEntry(MAIN_TYPES.get(module) + ".java")).isNotNull();
				assertThat(javadoc.getEntry("index.html")).isNotNull();
				assertThat(javadoc.getEntry(MAIN_TYPES.get(module) + ".html")).isNotNull();
			}
			else {
				// a starter has no code: both say so in a README, as Maven Central accepts
				assertThat(read(sources, "README.txt")).contains("no code of its own");
				assertThat(read(javadoc, "README.txt")).contains("no code of its own");
			}
		}
	}

	@ParameterizedTest
	@FieldSource("com.crayon.token.publication.Publication#PUBLISHED_JAR_MODULES")
	void jarsWhenBuiltThenEveryEntryHasTheOutputTimestamp(String module) throws IOException {
		Instant timestamp = Instant.parse(Publication.OUTPUT_TIMESTAMP);
		// zip entries hold a local date-time: the archiver writes it for UTC or for the build's zone
		List<LocalDateTime> expected = List.of(LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC),
				LocalDateTime.ofInstant(timestamp, ZoneId.systemDefault()));
		for (String classifier : CLASSIFIERS) {
			try (JarFile jar = Publication.openJar(module, classifier)) {
				Set<LocalDateTime> times = new TreeSet<>();
				jar.stream().forEach((entry) -> times.add(entry.getTimeLocal()));
				assertThat(times).as(jar.getName()).hasSize(1);
				assertThat(expected).as(jar.getName()).contains(times.iterator().next());
			}
		}
	}

	@Test
	void autoconfigureJarWhenBuiltThenCarriesConfigurationMetadataAndSpringFiles() throws IOException {
		try (JarFile jar = Publication.openJar(AUTOCONFIGURE, null)) {
			assertThat(read(jar, "META-INF/spring-configuration-metadata.json")).contains("\"crayon.api.base-url\"",
					"\"crayon.api.client-id\"", "\"crayon.api.token.retry.max-attempts\"");
			assertThat(read(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
				.contains("com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration");
			assertThat(read(jar, "META-INF/spring/aot.factories")).contains("com.crayon.token.CrayonTokenRuntimeHints");
			assertThat(read(jar, "META-INF/spring.factories")).contains("FailureAnalyzer");
		}
	}

	@Test
	void testSupportJarWhenBuiltThenRegistersItsSpringTestFactories() throws IOException {
		try (JarFile jar = Publication.openJar(TEST_SUPPORT, null)) {
			assertThat(read(jar, "META-INF/spring.factories")).contains(
					"org.springframework.test.context.ContextCustomizerFactory",
					"com.crayon.token.test.CrayonApiSimulatorContextCustomizerFactory",
					"org.springframework.test.context.TestExecutionListener",
					"com.crayon.token.test.CrayonApiSimulatorTestExecutionListener");
		}
	}

	@ParameterizedTest
	@FieldSource("com.crayon.token.publication.Publication#PUBLISHED_CODE_MODULES")
	void javadocWhenBuiltThenEveryPublicTypeAndPackageHasAComment(String module) throws Exception {
		List<String> checked = new ArrayList<>();
		try (JarFile classes = Publication.openJar(module, null);
				JarFile javadoc = Publication.openJar(module, "javadoc")) {
			for (JarEntry entry : Collections.list(classes.entries())) {
				String name = entry.getName();
				if (!name.endsWith(".class") || name.endsWith("package-info.class")) {
					continue;
				}
				if (isDocumented(classes, name)) {
					String className = name.replace('/', '.').replace(".class", "");
					String packageName = className.substring(0, className.lastIndexOf('.'));
					String page = packageName.replace('.', '/') + "/"
							+ className.substring(packageName.length() + 1).replace('$', '.') + ".html";
					assertThat(description(read(javadoc, page), "class-description")).as(page)
						.contains("class=\"block\"");
					checked.add(page);
					String packagePage = packageName.replace('.', '/') + "/package-summary.html";
					assertThat(read(javadoc, packagePage)).as(packagePage).contains("class=\"block\"");
				}
			}
		}
		assertThat(checked).contains(MAIN_TYPES.get(module) + ".html");
		if (module.equals(AUTOCONFIGURE)) {
			assertThat(checked).contains("com/crayon/token/CrayonTokenException.Reason.html",
					"com/crayon/token/autoconfigure/CrayonApiProperties.html");
		}
		else {
			assertThat(checked).contains("com/crayon/token/test/CrayonApiSimulator.Builder.html",
					"com/crayon/token/test/EnableCrayonApiSimulator.html",
					"com/crayon/token/test/CrayonApiSimulatorExtension.html",
					"com/crayon/token/test/CrayonWireMockStubs.html",
					"com/crayon/token/test/RecordedTokenRequest.html");
		}
	}

	/**
	 * Return whether a class in the jar is public, and so are the classes it is nested in, read
	 * from the class files' access flags: loading the classes would need every optional library
	 * the auto-configuration integrates with.
	 */
	private static boolean isDocumented(JarFile jar, String entryName) throws IOException {
		String name = entryName.substring(0, entryName.length() - ".class".length());
		for (String current = name; current != null; current = enclosing(current)) {
			String simple = current.substring(current.lastIndexOf('$') + 1);
			if (current.contains("$") && simple.chars().allMatch(Character::isDigit)) {
				return false;
			}
			JarEntry entry = jar.getJarEntry(current + ".class");
			if (entry == null) {
				return false;
			}
			try (InputStream input = jar.getInputStream(entry)) {
				int access = new ClassReader(input).getAccess();
				if ((access & Opcodes.ACC_PUBLIC) == 0 || (access & Opcodes.ACC_SYNTHETIC) != 0) {
					return false;
				}
			}
		}
		return true;
	}

	private static String enclosing(String name) {
		int dollar = name.lastIndexOf('$');
		return (dollar > 0) ? name.substring(0, dollar) : null;
	}

	private static String description(String html, String sectionId) {
		int start = html.indexOf("id=\"" + sectionId + "\"");
		assertThat(start).as("section " + sectionId).isNotNegative();
		int end = html.indexOf("</section>", start);
		return html.substring(start, (end > start) ? end : html.length());
	}

	private static String read(JarFile jar, String entryName) throws IOException {
		JarEntry entry = jar.getJarEntry(entryName);
		assertThat(entry).as(jar.getName() + "!/" + entryName).isNotNull();
		try (InputStream in = jar.getInputStream(entry)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
