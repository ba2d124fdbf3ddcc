package com.crayon.token.publication;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each published POM (the parent and the jar modules) has the metadata Maven Central requires,
 * its own or inherited from the parent as it is; modules that are not published skip deployment.
 */
class PublishedPomsTests {

	private static final Element PARENT = Publication.pom("");

	@ParameterizedTest
	@ValueSource(strings = { "", "crayon-token-spring-boot-autoconfigure", "crayon-token-spring-boot-starter",
			"crayon-token-spring-boot-test" })
	void pomWhenPublishedThenHasCentralMetadata(String module) {
		Element pom = Publication.pom(module);
		assertThat(Publication.text(pom, "name")).as("name").isNotBlank();
		assertThat(Publication.text(pom, "description")).as("description").isNotBlank();
		assertThat(inherited(pom, "child.project.url.inherit.append.path", "url")).as("url").startsWith("https://");
		assertThat(inherited(pom, null, "licenses", "license", "name")).as("license name")
			.isEqualTo("Apache License, Version 2.0");
		assertThat(inherited(pom, null, "licenses", "license", "url")).as("license url")
			.isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
		assertThat(inherited(pom, null, "developers", "developer", "name")).as("developer").isNotBlank();
		assertThat(inherited(pom, "child.scm.url.inherit.append.path", "scm", "url")).as("scm url")
			.startsWith("https://");
		assertThat(inherited(pom, "child.scm.connection.inherit.append.path", "scm", "connection"))
			.as("scm connection")
			.startsWith("scm:git:");
		assertThat(inherited(pom, "child.scm.developerConnection.inherit.append.path", "scm", "developerConnection"))
			.as("scm developerConnection")
			.startsWith("scm:git:");
	}

	@Test
	void parentWhenPublishedThenBuildsReproducibly() {
		String timestamp = Publication.text(PARENT, "properties", "project.build.outputTimestamp");
		assertThat(timestamp).as("project.build.outputTimestamp").isNotBlank();
		assertThat(Instant.parse(timestamp)).isEqualTo(Instant.parse(Publication.OUTPUT_TIMESTAMP));
	}

	@ParameterizedTest
	@FieldSource("com.crayon.token.publication.Publication#UNPUBLISHED_MODULES")
	void moduleWhenNotPublishedThenDeploySkipped(String module) {
		assertThat(Publication.text(Publication.pom(module), "properties", "maven.deploy.skip")).isEqualTo("true");
	}

	@Test
	void modulesWhenListedThenEachIsPublishedOrSkipped() {
		Element modules = Publication.child(PARENT, "modules");
		List<String> names = IntStream.range(0, modules.getElementsByTagName("module").getLength())
			.mapToObj((i) -> modules.getElementsByTagName("module").item(i).getTextContent().trim())
			.toList();
		assertThat(names).containsAll(Publication.PUBLISHED_JAR_MODULES);
		assertThat(names).allMatch((name) -> Publication.PUBLISHED_JAR_MODULES.contains(name)
				|| Publication.UNPUBLISHED_MODULES.contains(name), "published, or listed as unpublished");
	}

	@ParameterizedTest
	@ValueSource(strings = { "org.springframework:spring-test", "org.springframework.boot:spring-boot-test",
			"org.junit.jupiter:junit-jupiter-api", "org.wiremock:wiremock-standalone" })
	void testSupportPomWhenTestFrameworkDeclaredThenOptional(String dependency) {
		// an application that serves the simulator at run time (the sample app) must not get them
		Element dependencies = Publication.child(Publication.pom("crayon-token-spring-boot-test"), "dependencies");
		List<Element> matches = IntStream.range(0, dependencies.getElementsByTagName("dependency").getLength())
			.mapToObj((i) -> (Element) dependencies.getElementsByTagName("dependency").item(i))
			.filter((element) -> dependency
				.equals(Publication.text(element, "groupId") + ":" + Publication.text(element, "artifactId")))
			.toList();
		assertThat(matches).as(dependency).singleElement().satisfies((element) -> {
			assertThat(Publication.text(element, "optional")).as(dependency + " optional").isEqualTo("true");
			assertThat(Publication.text(element, "scope")).as(dependency + " scope").isNull();
		});
	}

	@Test
	void licenseFileWhenPresentThenApache() throws IOException {
		assertThat(Files.readString(Publication.ROOT.resolve("LICENSE"))).contains("Apache License",
				"Version 2.0, January 2004");
	}

	/**
	 * Return the module's value at the given path, else the parent's, which a module inherits as
	 * it is only where the parent's append attribute is {@code false} (Maven otherwise appends
	 * the artifact id to an inherited url or scm URL).
	 * @param pom the module's POM
	 * @param appendAttribute the parent's attribute that must be {@code false}, or {@code null}
	 * @param path the child names from the project element
	 * @return the value, or {@code null}
	 */
	private static String inherited(Element pom, String appendAttribute, String... path) {
		String own = Publication.text(pom, path);
		if (own != null || pom.isSameNode(PARENT)) {
			return own;
		}
		assertThat(Publication.text(pom, "parent", "artifactId")).isEqualTo(Publication.text(PARENT, "artifactId"));
		if (appendAttribute != null) {
			Element carrier = path[0].equals("scm") ? Publication.child(PARENT, "scm") : PARENT;
			assertThat(carrier.getAttribute(appendAttribute)).as(appendAttribute).isEqualTo("false");
		}
		return Publication.text(PARENT, path);
	}

}
