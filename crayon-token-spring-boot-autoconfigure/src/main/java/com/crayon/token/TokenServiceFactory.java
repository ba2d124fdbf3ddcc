package com.crayon.token;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the token services of a registry's clients, and the token sources of their
 * credentials, around what they all share: the cache and its ticker, the limit on token
 * requests, each token endpoint's breaker, the {@code WebClient} that sends them, the clock, the
 * listener and the store.
 */
final class TokenServiceFactory {

	private final TokenCache cache;

	private final WebClient webClient;

	private final Clock clock;

	private final CrayonTokenListener listener;

	private final CrayonTokenStore store;

	/** The breaker of each token endpoint, shared by every client that uses it. */
	private final Map<URI, TokenEndpointBreaker> breakers = new ConcurrentHashMap<>();

	TokenServiceFactory(TokenCache cache, WebClient webClient, Clock clock, CrayonTokenListener listener,
			CrayonTokenStore store) {
		this.cache = cache;
		this.webClient = webClient;
		this.clock = clock;
		this.listener = listener;
		this.store = store;
	}

	/**
	 * Return the token service of a client. Nothing is requested until its first call.
	 * @param client the client's name, and how its properties are named
	 * @param settings its settings
	 * @param credentials its credentials
	 * @return the token service
	 */
	ClientTokenService service(ClientNames client, CrayonClientSettings settings, CrayonCredentials credentials) {
		return new ClientTokenService(client.name(), client.configured(), source(client, settings, credentials),
				this.cache, this.clock, this.listener);
	}

	/**
	 * Return where a client's tokens come from for the given credentials.
	 * @param client the client's name, and how its properties are named
	 * @param settings its settings
	 * @param credentials the credentials
	 * @return the source
	 */
	TokenSource source(ClientNames client, CrayonClientSettings settings, CrayonCredentials credentials) {
		PasswordGrant grant = new PasswordGrant(client.name(), client.configured(), client.keyPrefix(),
				this.webClient, settings, credentials, this.clock, this.cache.ticker());
		CrayonTokenStore.Binding binding = this.store
			.bind(new CrayonTokenStore.Client(client.name(), settings, credentials));
		TokenEndpointBreaker breaker = this.breakers.computeIfAbsent(settings.tokenUri(),
				(uri) -> new TokenEndpointBreaker(uri, this.cache.ticker()));
		return new TokenSource(client.name(), grant, binding, this.cache.limiter(), breaker, settings, this.clock,
				this.cache.ticker());
	}

	/**
	 * How a client is named: its name, whether it is configured rather than registered at run
	 * time, and the prefix of the properties that set its settings, for messages.
	 * @param name the client's name
	 * @param configured whether it is configured
	 * @param keyPrefix such as {@code crayon.api} or {@code crayon.api.clients.demo}
	 */
	record ClientNames(String name, boolean configured, String keyPrefix) {

	}

}
