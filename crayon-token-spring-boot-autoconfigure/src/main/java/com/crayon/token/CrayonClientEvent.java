package com.crayon.token;

import java.util.Objects;

/**
 * Something that happened to a client of a {@link CrayonClientRegistry}: it was registered, its
 * credentials changed, it was removed, or the registry closed. The registry tells the client's
 * own token service first (which cancels its token request and clears its token and its entry in
 * the store), then every {@link CrayonTokenListener}.
 *
 * @param clientName the client's name
 * @param type what happened
 * @param configured whether the client is configured rather than registered at run time (there
 * may be thousands of those: metrics should not tag each by name)
 * @param tokens the client's token service
 */
public record CrayonClientEvent(String clientName, Type type, boolean configured, CrayonTokenService tokens) {

	public CrayonClientEvent {
		Objects.requireNonNull(clientName, "clientName");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(tokens, "tokens");
	}

	/**
	 * What happened to a client.
	 */
	public enum Type {

		/** The client was added to the registry: configured when it was built, or registered later. */
		REGISTERED,

		/**
		 * The client's credentials changed: its token, its token request, its failure backoff and
		 * its shared entry in the store, all of the old credentials, are gone.
		 */
		CREDENTIALS_CHANGED,

		/** The client was removed: its token and its shared entry in the store are gone. */
		REMOVED,

		/** The registry closed (the application stops): the client's token is dropped, but its shared entry stays for the other instances. */
		CLOSED

	}

}
