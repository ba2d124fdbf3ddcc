package com.crayon.token.publication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The build that is checked: where its modules, POMs and jars are, as the surefire configuration
 * tells.
 */
final class Publication {

	/** Modules published to Maven Central: directory names, equal to their artifact ids. */
	static final List<String> PUBLISHED_JAR_MODULES = List.of("crayon-token-spring-boot-autoconfigure",
			"crayon-token-spring-boot-starter", "crayon-token-spring-boot-test");

	/** Published modules with code of their own, whose javadoc must describe every public type. */
	static final List<String> PUBLISHED_CODE_MODULES = List.of("crayon-token-spring-boot-autoconfigure",
			"crayon-token-spring-boot-test");

	/** Modules that are built but never published. */
	static final List<String> UNPUBLISHED_MODULES = List.of("sample-app", "examples/servlet", "examples/webflux",
			"benchmarks", "publication-check");

	static final Path ROOT = Path.of(property("publication.root")).normalize();

	static final String VERSION = property("publication.version");

	static final String OUTPUT_TIMESTAMP = property("publication.outputTimestamp");

	private Publication() {
	}

	static Path jar(String module, String classifier) {
		String suffix = (classifier != null) ? "-" + classifier : "";
		return ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + suffix + ".jar");
	}

	static JarFile openJar(String module, String classifier) {
		Path jar = jar(module, classifier);
		if (!Files.isRegularFile(jar)) {
			throw new AssertionError(jar + " was not built");
		}
		try {
			return new JarFile(jar.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Element pom(String module) {
		Path pom = (module.isEmpty() ? ROOT : ROOT.resolve(module)).resolve("pom.xml");
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(false);
			Document document = factory.newDocumentBuilder().parse(pom.toFile());
			return document.getDocumentElement();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read " + pom, ex);
		}
	}

	/**
	 * Return the direct child element of the given name, or {@code null}.
	 */
	static Element child(Element parent, String name) {
		if (parent == null) {
			return null;
		}
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	/**
	 * Return the trimmed text of the element at the given path of child names, or {@code null}.
	 */
	static String text(Element element, String... path) {
		Element current = element;
		for (String name : path) {
			current = child(current, name);
		}
		return (current != null) ? current.getTextContent().trim() : null;
	}

	private static String property(String name) {
		return Objects.requireNonNull(System.getProperty(name), () -> name + " is not set: run with Maven");
	}

}
