package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * The files the credentials of the {@code crayon.api.*} properties come from: a value of a
 * {@code configtree:} import is a whole file, found from the property's origin.
 */
final class CredentialFiles {

	/** The keys of a client that hold its credentials. */
	private static final List<String> CREDENTIAL_KEYS = List.of("client-id", "client-secret", "username", "password",
			"scope");

	private CredentialFiles() {
	}

	/**
	 * Return the files credential keys come from, by key: the keys of the top level and of each
	 * named client whose value the environment takes from a config tree.
	 * @param environment the environment
	 * @param properties the properties bound from it, for the names of the clients
	 * @return the files, by key, in configuration order
	 */
	static Map<String, Path> find(Environment environment, CrayonApiProperties properties) {
		List<String> prefixes = new ArrayList<>();
		prefixes.add("crayon.api");
		properties.getClients().keySet().forEach((name) -> prefixes.add("crayon.api.clients." + name));
		Map<String, Path> files = new LinkedHashMap<>();
		for (String prefix : prefixes) {
			for (String key : CREDENTIAL_KEYS) {
				Path file = file(environment, prefix + "." + key);
				if (file != null) {
					files.put(prefix + "." + key, file);
				}
			}
		}
		return files;
	}

	/**
	 * Read a value as a config tree does: the whole file, one trailing newline trimmed when it
	 * is the only newline.
	 * @param file the file
	 * @return its value
	 * @throws IOException if it cannot be read
	 */
	static String read(Path file) throws IOException {
		// the platform's charset, as Boot's ConfigTreePropertySource reads it
		String value = new String(Files.readAllBytes(file), Charset.defaultCharset());
		if (!value.endsWith("\n") || value.indexOf('\n') != value.length() - 1) {
			return value;
		}
		return value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value.substring(0, value.length() - 1);
	}

	/**
	 * Return the folders to watch for changes of the given files: each file's, and the one of the
	 * file a link leads to (Kubernetes links each file through a {@code ..data} folder link).
	 * @param files the files
	 * @return the folders that exist
	 */
	static Set<Path> folders(Collection<Path> files) {
		Set<Path> folders = new LinkedHashSet<>();
		for (Path file : files) {
			addParent(folders, file);
			try {
				addParent(folders, file.toRealPath());
			}
			catch (IOException ex) {
				// the file is being replaced: its folder is watched, the next change brings it back
			}
		}
		return folders;
	}

	private static void addParent(Set<Path> folders, Path file) {
		Path parent = file.getParent();
		if (parent != null && Files.isDirectory(parent)) {
			folders.add(parent);
		}
	}

	/**
	 * Return the file whose content is the value the environment binds for a key, if the value
	 * comes from a config tree.
	 */
	private static @Nullable Path file(Environment environment, String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				// the first source that has the key is the one bound
				return (source.getUnderlyingSource() instanceof ConfigTreePropertySource) ? file(property.getOrigin())
						: null;
			}
		}
		return null;
	}

	/**
	 * Return the file of the first text resource among an origin, the origins it wraps and
	 * their parents.
	 */
	private static @Nullable Path file(@Nullable Origin origin) {
		for (int depth = 0; origin != null && depth < 10; depth++) {
			if (origin instanceof TextResourceOrigin text && text.getResource() != null
					&& text.getResource().isFile()) {
				return path(text.getResource());
			}
			Origin wrapped = (origin instanceof OriginProvider provider) ? provider.getOrigin() : null;
			origin = (wrapped != null && wrapped != origin) ? wrapped : origin.getParent();
		}
		return null;
	}

	private static @Nullable Path path(Resource resource) {
		try {
			return resource.getFile().toPath().toAbsolutePath();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
