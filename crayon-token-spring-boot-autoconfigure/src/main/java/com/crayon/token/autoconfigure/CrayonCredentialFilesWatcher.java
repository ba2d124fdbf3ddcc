package com.crayon.token.autoconfigure;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonClientRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Watches the files the configured clients' credentials come from (a {@code configtree:} import,
 * such as a mounted Kubernetes Secret) and, once they have stayed unchanged for the quiet period,
 * reads them again and gives the clients whose credentials changed the new ones. The files are
 * read here: Boot's config tree keeps the values it read at start-up.
 */
final class CrayonCredentialFilesWatcher implements InitializingBean, DisposableBean {

	/** Name of the watching thread: {@value}. */
	static final String THREAD_NAME = "crayon-credential-files";

	private static final Log logger = LogFactory.getLog(CrayonCredentialFilesWatcher.class);

	private final CrayonClientRegistry registry;

	private final Environment environment;

	private final CrayonApiProperties properties;

	private final Duration quietPeriod;

	/** The files, by key. */
	private Map<String, Path> files = Map.of();

	/** The value of each file as last read, by key. */
	private final Map<String, String> values = new LinkedHashMap<>();

	private @Nullable WatchService watchService;

	private @Nullable Thread thread;

	CrayonCredentialFilesWatcher(CrayonClientRegistry registry, Environment environment,
			CrayonApiProperties properties) {
		this.registry = registry;
		this.environment = environment;
		this.properties = properties;
		this.quietPeriod = properties.getReloadQuietPeriod();
	}

	@Override
	public void afterPropertiesSet() throws IOException {
		this.files = CredentialFiles.find(this.environment, this.properties);
		if (this.files.isEmpty()) {
			logger.info("crayon.api.reload-on-update is on, but no Crayon credential comes from a file (a "
					+ "configtree: import): nothing to watch");
			return;
		}
		// what the clients were built with: the config tree's values, read as the application started
		this.files.keySet().forEach((key) -> this.values.put(key, this.environment.getProperty(key, "")));
		WatchService watchService = FileSystems.getDefault().newWatchService();
		this.watchService = watchService;
		register(watchService);
		Thread thread = new Thread(() -> watch(watchService), THREAD_NAME);
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
		logger.info("Watching the Crayon credential files of " + this.files.keySet() + " for changes");
	}

	/**
	 * Return the files watched, by key.
	 * @return the files
	 */
	Map<String, Path> files() {
		return this.files;
	}

	@Override
	public void destroy() throws Exception {
		WatchService watchService = this.watchService;
		Thread thread = this.thread;
		if (watchService != null) {
			watchService.close();
		}
		if (thread != null) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	private void watch(WatchService watchService) {
		boolean changed = false;
		try {
			while (true) {
				WatchKey key = changed ? watchService.poll(this.quietPeriod.toMillis(), TimeUnit.MILLISECONDS)
						: watchService.take();
				if (key != null) {
					// any change in the folder counts: Kubernetes swaps a ..data link beside the files
					key.pollEvents();
					key.reset();
					changed = true;
				}
				else {
					changed = false;
					reloadSafely(watchService);
				}
			}
		}
		catch (ClosedWatchServiceException ex) {
			logger.debug("Stopped watching the Crayon credential files");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void reloadSafely(WatchService watchService) {
		try {
			reload();
			register(watchService);
		}
		catch (ClosedWatchServiceException ex) {
			throw ex;
		}
		catch (RuntimeException | IOException ex) {
			logger.warn("Could not apply the changed Crayon credential files: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Read the files again and, if any changed, give the clients whose credentials changed the
	 * new ones.
	 */
	void reload() {
		Map<String, String> read = new LinkedHashMap<>(this.values);
		this.files.forEach((key, file) -> {
			String value = read(key, file);
			if (value != null) {
				read.put(key, value);
			}
		});
		List<String> changed = read.keySet()
			.stream()
			.filter((key) -> !Objects.equals(read.get(key), this.values.get(key)))
			.map((key) -> key + " (" + this.files.get(key) + ")")
			.toList();
		if (changed.isEmpty()) {
			return;
		}
		this.values.putAll(read);
		Map<String, CrayonClientsRebinder.ConfiguredClient> clients;
		try {
			clients = CrayonClientsRebinder.clients(CrayonClientsRebinder.bind(binder()));
		}
		catch (RuntimeException ex) {
			logger.warn("The changed Crayon credential files of " + changed + " are not applied, every client keeps "
					+ "its credentials: " + ex.getMessage());
			return;
		}
		List<String> rotated = new ArrayList<>();
		clients.forEach((name, client) -> {
			if (update(name, client)) {
				rotated.add(name);
			}
		});
		logger.info("Crayon credential files changed: " + String.join(", ", changed) + "; clients with new "
				+ "credentials: " + rotated);
	}

	private boolean update(String name, CrayonClientsRebinder.ConfiguredClient client) {
		if (!this.registry.configuredNames().contains(name)) {
			return false;
		}
		try {
			return this.registry.updateCredentials(name, client.credentials());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			logger.warn("Crayon client '" + name + "' keeps its credentials: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Return a binder of the environment with the files' values as read now in front.
	 */
	private Binder binder() {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		sources.add(new MapConfigurationPropertySource(this.values));
		ConfigurationPropertySources.get(this.environment).forEach(sources::add);
		return new Binder(sources, new PropertySourcesPlaceholdersResolver(this.environment));
	}

	private void register(WatchService watchService) throws IOException {
		for (Path folder : CredentialFiles.folders(this.files.values())) {
			folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);
		}
	}

	private static @Nullable String read(String key, Path file) {
		try {
			return CredentialFiles.read(file);
		}
		catch (IOException ex) {
			logger.warn("Cannot read the Crayon credential file of " + key + " (" + file + "): "
					+ ex.getClass().getSimpleName());
			return null;
		}
	}

}
