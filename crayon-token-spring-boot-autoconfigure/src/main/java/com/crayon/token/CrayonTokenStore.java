package com.crayon.token;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where token services look for a token before requesting one, so that several instances with
 * the same credentials share one token; the default, {@link #local()}, shares nothing.
 *
 * <p>A store is consulted only when a token request would otherwise be made (a cold cache, a
 * refresh, a rejected token): a cached call never reaches it.
 */
public interface CrayonTokenStore {

	/**
	 * Return the store for one client.
	 * @param client who the tokens are for, and how long a token request may take
	 * @return the client's store
	 */
	Binding bind(Client client);

	/**
	 * Return the store that shares nothing: every instance requests its own tokens.
	 * @return the local store
	 */
	static CrayonTokenStore local() {
		return LocalTokenStore.INSTANCE;
	}

	/**
	 * One client's view of the store.
	 */
	interface Binding {

		/**
		 * Return a shared token newer than {@code current}, or else the token {@code fetch}
		 * requests (at most one instance fetching at a time, if the store can arrange it).
		 * @param current the token the caller holds or has seen rejected, never to be returned
		 * again; {@code null} if none
		 * @param fetch requests a new token from the token endpoint
		 * @return the token; an error only if {@code fetch} failed
		 */
		Mono<CrayonAccessToken> obtain(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch);

		/**
		 * Remove the shared token if it is still the given one.
		 * @param rejected the token the API rejected
		 * @return completes when done; never an error
		 */
		Mono<Void> evict(CrayonAccessToken rejected);

		/**
		 * Forget the client, which was removed or whose credentials were replaced: remove the
		 * shared token if it is still the given one (whatever it is, when none is given) and
		 * release any lease this instance holds.
		 * @param last the last token this instance held for the client; {@code null} if none
		 * @return completes when done; never an error
		 */
		default Mono<Void> retire(@Nullable CrayonAccessToken last) {
			return Mono.empty();
		}

		/**
		 * Release any lease this instance holds for the client, whose token service closes, so
		 * that other instances need not wait for the lease to run out.
		 * @return completes when done; never an error
		 */
		default Mono<Void> release() {
			return Mono.empty();
		}

	}

	/**
	 * A client as the store sees it.
	 * @param name the client's name, for log lines
	 * @param settings its token endpoint ({@link CrayonClientSettings#tokenUri()}), how long a
	 * token request may take ({@link CrayonClientSettings#requestBound()}) and how long a token is
	 * served ({@link CrayonClientSettings#marginFor})
	 * @param credentials its credentials
	 */
	record Client(String name, CrayonClientSettings settings, CrayonCredentials credentials) {

	}

}
