package com.crayon.token;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Crayon clients of an application, by name, each with its token service: clients configured
 * up front, each with its own settings, and clients registered, given new credentials and removed
 * at run time.
 *
 * <p>Every client has its own token, token request, backoff and re-authentication window, and its
 * token only goes below its own base URL. All of them share one Caffeine cache, so memory grows
 * with the tokens actually held; with an idle timeout, the tokens of clients nobody asks for are
 * dropped. What happens to a client (registered, credentials changed, removed, closed) is one
 * {@link CrayonClientEvent} that its token service and every {@link CrayonTokenListener} hear.
 *
 * <pre class="code">
 * CrayonClientRegistry clients = CrayonClientRegistry.builder()
 *     .defaults(CrayonClientSettings.of("https://api.crayon.com"))
 *     .build();
 * clients.register("partner-42", CrayonCredentials.of(clientId, clientSecret, username, password));
 * String bearer = clients.get("partner-42").getToken().value();
 * </pre>
 */
public final class CrayonClientRegistry implements AutoCloseable {

	/** Name of the client configured with the top-level properties: {@value}. */
	public static final String DEFAULT_CLIENT = "default";

	/** Token requests all clients send at once unless another limit is set: {@value}. */
	public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

	private static final Log logger = LogFactory.getLog(CrayonClientRegistry.class);

	/** Each client's token service by name: a lookup is one map read away from the token. */
	private final Map<String, CrayonTokenService> clients = new ConcurrentHashMap<>();

	private final Set<String> configured = ConcurrentHashMap.newKeySet();

	/**
	 * The base URL of each client whose token service the application made, by name: the registry
	 * cannot change them. Clients it built keep their base URL in their settings.
	 */
	private final Map<String, String> applications;

	private final @Nullable CrayonClientSettings defaults;

	private final @Nullable String defaultClient;

	private final TokenServiceFactory services;

	private final TokenCache cache;

	private final ClientEvents events;

	CrayonClientRegistry(CrayonClientRegistryBuilder builder) {
		this.defaults = builder.defaults;
		this.cache = new TokenCache(builder.ticker, builder.idleTimeout,
				new TokenRequestLimiter(builder.maxConcurrentRequests));
		this.services = new TokenServiceFactory(this.cache,
				(builder.webClient != null) ? builder.webClient : WebClient.create(), builder.clock, builder.listener,
				builder.store);
		this.events = new ClientEvents(builder.listener);
		builder.configured.forEach((name, client) -> this.clients.put(name,
				(client.tokens() != null) ? client.tokens() : this.services.service(names(name, true),
						Objects.requireNonNull(client.settings()), Objects.requireNonNull(client.credentials()))));
		this.configured.addAll(builder.configured.keySet());
		this.applications = builder.configured.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().tokens() != null)
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (entry) -> entry.getValue().baseUrl()));
		this.defaultClient = (builder.defaultClient != null) ? builder.defaultClient
				: this.configured.contains(DEFAULT_CLIENT) ? DEFAULT_CLIENT
						: (this.configured.size() == 1) ? this.configured.iterator().next() : null;
		Assert.isTrue(this.defaultClient == null || this.clients.containsKey(this.defaultClient),
				() -> "The default client '" + this.defaultClient + "' is not configured");
		builder.configured.keySet().forEach((name) -> publish(name, this.clients.get(name), CrayonClientEvent.Type.REGISTERED));
	}

	/**
	 * Start building a registry.
	 * @return a new builder
	 */
	public static CrayonClientRegistryBuilder builder() {
		return new CrayonClientRegistryBuilder();
	}

	/**
	 * Return the token service of one client, in a registry of its own with the default shared
	 * parts (a {@code WebClient} of its own, the system clock, no store); to choose those parts,
	 * or for several clients, use {@link #builder()}.
	 * @param settings the client's endpoint and timings
	 * @param credentials its credentials
	 * @return the token service; nothing is requested until its first call
	 */
	public static CrayonTokenService tokenService(CrayonClientSettings settings, CrayonCredentials credentials) {
		return builder().client(DEFAULT_CLIENT, settings, credentials).build().get(DEFAULT_CLIENT);
	}

	/**
	 * Return the token service of a client.
	 * @param name the client's name
	 * @return its token service
	 * @throws IllegalArgumentException if no client has that name
	 */
	public CrayonTokenService get(String name) {
		CrayonTokenService tokens = this.clients.get(name);
		if (tokens == null) {
			throw new IllegalArgumentException("No Crayon client named '" + name + "'; the configured clients are "
					+ this.configured + " (and " + (this.clients.size() - this.configured.size())
					+ " registered at run time)");
		}
		return tokens;
	}

	/**
	 * Return the token service of a client, if there is one.
	 * @param name the client's name
	 * @return its token service, or {@code null}
	 */
	public @Nullable CrayonTokenService find(String name) {
		return this.clients.get(name);
	}

	/**
	 * Return a client: its name, its token service and the base URL its token may go below, read
	 * together so that they always belong to each other.
	 * @param name the client's name
	 * @return the client, or {@code null} if no client has that name
	 */
	public @Nullable Client client(String name) {
		CrayonTokenService tokens = this.clients.get(name);
		return (tokens != null) ? new Client(name, tokens, baseUrl(name, tokens)) : null;
	}

	/**
	 * Return the names of every client, configured or registered at run time.
	 * @return an unmodifiable snapshot of the names
	 */
	public Set<String> names() {
		return Set.copyOf(this.clients.keySet());
	}

	/**
	 * Return the names of the configured clients (rather than registered at run time).
	 * @return an unmodifiable snapshot of the names, sorted
	 */
	public Set<String> configuredNames() {
		return Collections.unmodifiableSet(new TreeSet<>(this.configured));
	}

	/**
	 * Return the client used when a request names none: {@value #DEFAULT_CLIENT} if configured,
	 * else the only configured client.
	 * @return its name, or {@code null} if there is no such client
	 */
	public @Nullable String defaultName() {
		return this.defaultClient;
	}

	/**
	 * Return the base URL of a client's Crayon API: its token goes only below it.
	 * @param name the client's name
	 * @return the base URL
	 * @throws IllegalArgumentException if no client has that name
	 */
	public String baseUrl(String name) {
		return baseUrl(name, get(name));
	}

	private String baseUrl(String name, CrayonTokenService tokens) {
		ClientTokenService service = built(name, tokens);
		return (service != null) ? service.settings().baseUrl() : Objects.requireNonNull(this.applications.get(name));
	}

	/**
	 * Register a client with the {@linkplain CrayonClientRegistryBuilder#defaults default
	 * settings}, or give a client registered before new credentials (see
	 * {@link #updateCredentials}).
	 * @param name the client's name
	 * @param credentials its credentials
	 * @return its token service, the same for as long as the client is registered
	 * @throws IllegalStateException if no defaults were given, or the name is a configured client's
	 */
	public CrayonTokenService register(String name, CrayonCredentials credentials) {
		Assert.state(this.defaults != null, "Clients can be registered only with defaults (Builder#defaults)");
		return register(name, this.defaults, credentials);
	}

	/**
	 * Register a client with settings of its own, or give a client registered before new
	 * settings and credentials (see {@link #configure}).
	 * @param name the client's name
	 * @param settings its endpoint and timings
	 * @param credentials its credentials
	 * @return its token service, the same for as long as the client is registered
	 * @throws IllegalStateException if the name is a configured client's
	 */
	public CrayonTokenService register(String name, CrayonClientSettings settings, CrayonCredentials credentials) {
		Assert.state(!this.configured.contains(name), () -> "'" + name + "' is a configured client; it cannot be "
				+ "registered at run time");
		return put(name, settings, credentials, false);
	}

	/**
	 * Add a configured client, or give one new settings and credentials: what a change of the
	 * application's configuration does at run time. New credentials or another endpoint rotate
	 * the client at once (see {@link #updateCredentials}); other settings apply from its next
	 * token request.
	 * @param name the client's name
	 * @param settings its endpoint and timings
	 * @param credentials its credentials
	 * @return its token service, the same for as long as the client exists
	 * @throws IllegalStateException if the name is a client registered at run time
	 */
	public CrayonTokenService configure(String name, CrayonClientSettings settings, CrayonCredentials credentials) {
		Assert.state(!this.clients.containsKey(name) || this.configured.contains(name), () -> "'" + name + "' is a client "
				+ "registered at run time; it cannot be configured");
		this.configured.add(name);
		return put(name, settings, credentials, true);
	}

	/**
	 * Give a client new credentials (rotation), atomically: callers get a token of the old
	 * credentials or of the new ones, never a mix. The old token is dropped here and in the
	 * store, the token request in flight for the old credentials is cancelled (its waiting
	 * callers get a token of the new ones), and their failure backoff is forgotten, so a wrong
	 * password replaced by the right one works on the next call.
	 * @param name the client's name
	 * @param credentials the new credentials
	 * @return {@code true} if they differed from the client's current ones
	 * @throws IllegalArgumentException if no client has that name
	 * @throws IllegalStateException if the client's token service is the application's own
	 */
	public boolean updateCredentials(String name, CrayonCredentials credentials) {
		Objects.requireNonNull(credentials, "credentials");
		ClientTokenService service = built(name, get(name));
		if (service == null) {
			throw new IllegalStateException("Crayon client '" + name
					+ "' has a token service of the application's own; change its credentials there");
		}
		return reconfigure(name, service, service.settings(), credentials);
	}

	/**
	 * Remove a client: its token request is cancelled, its token dropped, here and in a shared
	 * store.
	 * @param name the client's name
	 * @return {@code true} if there was such a client
	 */
	public boolean remove(String name) {
		CrayonTokenService removed = this.clients.remove(name);
		if (removed != null) {
			publish(name, removed, CrayonClientEvent.Type.REMOVED);
			this.configured.remove(name);
		}
		return removed != null;
	}

	private CrayonTokenService put(String name, CrayonClientSettings settings, CrayonCredentials credentials,
			boolean configured) {
		Assert.isTrue(StringUtils.hasText(name), "name must not be blank");
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(credentials, "credentials");
		synchronized (this.clients) {
			CrayonTokenService existing = this.clients.get(name);
			if (existing == null) {
				CrayonTokenService created = this.services.service(names(name, configured), settings, credentials);
				this.clients.put(name, created);
				publish(name, created, CrayonClientEvent.Type.REGISTERED);
				return created;
			}
			ClientTokenService service = built(name, existing);
			if (service == null) {
				throw new IllegalStateException("Crayon client '" + name
						+ "' has a token service of the application's own; it cannot be configured");
			}
			reconfigure(name, service, settings, credentials);
			return service;
		}
	}

	/**
	 * Return how a client is named: the default client and those registered at run time (which
	 * take their settings from the top level) by {@code crayon.api.*}, a named client by
	 * {@code crayon.api.clients.<name>.*}.
	 */
	private static TokenServiceFactory.ClientNames names(String name, boolean configured) {
		boolean topLevel = !configured || DEFAULT_CLIENT.equals(name);
		return new TokenServiceFactory.ClientNames(name, configured,
				topLevel ? "crayon.api" : "crayon.api.clients." + name);
	}

	/**
	 * Return the client's token service if this registry built it.
	 */
	private @Nullable ClientTokenService built(String name, CrayonTokenService tokens) {
		return (!this.applications.containsKey(name) && tokens instanceof ClientTokenService service) ? service : null;
	}

	/**
	 * Give a client new settings and credentials (its base URL is among the settings).
	 */
	private boolean reconfigure(String name, ClientTokenService service, CrayonClientSettings settings,
			CrayonCredentials credentials) {
		if (service.settings().equals(settings) && service.credentials().equals(credentials)) {
			return false;
		}
		boolean rotated = service
			.reconfigure(this.services.source(names(name, this.configured.contains(name)), settings, credentials));
		if (rotated) {
			logger.info("Crayon client '" + name + "' changed its credentials; its next token is requested with them");
			publish(name, service, CrayonClientEvent.Type.CREDENTIALS_CHANGED);
		}
		else {
			logger.debug("Crayon client '" + name + "' changed its settings; they apply from its next token request");
		}
		return rotated;
	}

	/**
	 * Close every client: cancel their token requests and drop their tokens; shared entries in
	 * the store stay for the other instances.
	 */
	@Override
	public void close() {
		this.clients.forEach((name, tokens) -> publish(name, tokens, CrayonClientEvent.Type.CLOSED));
	}

	private void publish(String name, CrayonTokenService tokens, CrayonClientEvent.Type type) {
		this.events.publish(new CrayonClientEvent(name, type, this.configured.contains(name), tokens),
				built(name, tokens));
	}

	@Override
	public String toString() {
		return "CrayonClientRegistry[configured=" + this.configured + ", registered="
				+ (this.clients.size() - this.configured.size()) + "]";
	}

	/**
	 * A client as the registry shows it: its name, token service and base URL, read together.
	 * @param name the client's name
	 * @param tokens its token service
	 * @param baseUrl the base URL of its Crayon API: its token goes only below it
	 */
	public record Client(String name, CrayonTokenService tokens, String baseUrl) {

		public Client {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(tokens, "tokens");
			Objects.requireNonNull(baseUrl, "baseUrl");
		}

	}

}
