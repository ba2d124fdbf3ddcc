package com.crayon.token;

import java.time.Clock;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the token services of a registry's clients, and the token sources of their
 * credentials, around what they all share: the cache and its ticker, the limit on token
 * requests, the {@code WebClient} that sends them, the clock, the listener and the store.
 */
final class TokenServiceFactory {

	private final TokenCache cache;

	private final WebClient webClient;

	private final Clock clock;

	private final CrayonTokenListener listener;

	private final CrayonTokenStore store;

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
	 * @param name the client's name
	 * @param configured whether it was configured up front rather than registered at run time
	 * @param settings its settings
	 * @param credentials its credentials
	 * @return the token service
	 */
	ClientTokenService service(String name, boolean configured, CrayonClientSettings settings,
			CrayonCredentials credentials) {
		return new ClientTokenService(name, configured, source(name, configured, settings, credentials), this.cache,
				this.clock, this.listener);
	}

	/**
	 * Return where a client's tokens come from for the given credentials.
	 * @param name the client's name
	 * @param configured whether it was configured up front
	 * @param settings its settings
	 * @param credentials the credentials
	 * @return the source
	 */
	TokenSource source(String name, boolean configured, CrayonClientSettings settings,
			CrayonCredentials credentials) {
		PasswordGrant grant = new PasswordGrant(name, configured, this.webClient, settings, credentials, this.clock,
				this.cache.ticker());
		CrayonTokenStore.Binding binding = this.store.bind(new CrayonTokenStore.Client(name, settings, credentials));
		return new TokenSource(name, grant, binding, this.cache.limiter(), settings, this.clock, this.cache.ticker());
	}

	/**
	 * Return who hears of every client's token requests and lifecycle.
	 * @return the listener
	 */
	CrayonTokenListener listener() {
		return this.listener;
	}

}
