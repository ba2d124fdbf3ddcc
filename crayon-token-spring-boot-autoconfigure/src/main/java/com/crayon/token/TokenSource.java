package com.crayon.token;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.crayon.token.CrayonTokenException.Reason;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where one client's new tokens come from, for one set of credentials: the token endpoint, through
 * the shared store when there is one (which may answer with a token another instance requested),
 * within the limit on the token requests all clients send at once and unless the endpoint's
 * breaker counts it as down; with the streak of failures of those credentials. When the
 * credentials change, the client gets a new source.
 */
final class TokenSource {

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final String name;

	private final PasswordGrant grant;

	/** Where tokens are shared with other instances; {@code null} for none. */
	private final CrayonTokenStore.@Nullable Binding store;

	private final TokenRequestLimiter limiter;

	private final TokenEndpointBreaker breaker;

	private final CrayonClientSettings settings;

	private final Clock clock;

	private final Ticker ticker;

	private final FailureStreak failures;

	/** The last token rejected here, never to be taken from the store again. */
	private volatile @Nullable CrayonAccessToken rejected;

	TokenSource(String name, PasswordGrant grant, CrayonTokenStore.Binding store, TokenRequestLimiter limiter,
			TokenEndpointBreaker breaker, CrayonClientSettings settings, Clock clock, Ticker ticker) {
		this.name = name;
		this.grant = grant;
		this.store = (store instanceof LocalTokenStore) ? null : store;
		this.limiter = limiter;
		this.breaker = breaker;
		this.settings = settings;
		this.clock = clock;
		this.ticker = ticker;
		this.failures = new FailureStreak(settings, name, grant.keyPrefix());
	}

	/**
	 * Return the settings of the requests.
	 * @return the settings
	 */
	CrayonClientSettings settings() {
		return this.settings;
	}

	/**
	 * Return whether a token from the other source is as good as one from this: the same
	 * credentials at the same token endpoint (other settings may differ).
	 * @param other the other source
	 * @return {@code true} if their tokens are interchangeable
	 */
	boolean issuesLike(TokenSource other) {
		return other == this || (credentials().equals(other.credentials())
				&& this.settings.tokenUri().equals(other.settings.tokenUri()));
	}

	/**
	 * Return the credentials whose tokens this source requests.
	 * @return the credentials
	 */
	CrayonCredentials credentials() {
		return this.grant.credentials();
	}

	/**
	 * Return the failure streak of these credentials.
	 * @return the streak
	 */
	FailureStreak streak() {
		return this.failures;
	}

	/**
	 * Return a failure of a token request that did not end in an error of its own.
	 * @param reason the kind of failure
	 * @param detail what happened
	 * @return the exception
	 */
	CrayonTokenException failure(Reason reason, String detail) {
		return this.grant.failures().failure(reason, detail, null);
	}

	/**
	 * Return the longest a token request from this source can take, waits for other instances'
	 * leases and for a free slot under the limit included.
	 * @return the bound
	 */
	Duration bound() {
		// with a store, a request may wait for other instances' leases (each bounded by a request) first;
		// with a limit, for a free slot
		int rounds = ((this.store != null) ? 3 : 1) + ((this.limiter != TokenRequestLimiter.UNLIMITED) ? 1 : 0);
		return this.settings.requestBound().multipliedBy(rounds).plusSeconds(1);
	}

	/**
	 * Return the token request: straight to the token endpoint, or through the shared store.
	 * @param awaited whether a caller waits for it (it goes before background refreshes)
	 * @param current the token held now, which the store must not answer with again
	 * @return the token with the moment it was requested
	 */
	Mono<PasswordGrant.Fetched> fetch(boolean awaited, @Nullable CrayonAccessToken current) {
		Mono<PasswordGrant.Fetched> endpoint = Mono.defer(() -> {
			TokenEndpointBreaker.Open refused = this.breaker.refusal(this.settings);
			return (refused != null) ? Mono.error(refused)
					: limited(this.breaker.guard(this.grant.requestToken(), this.settings, this.failures), awaited);
		});
		CrayonTokenStore.Binding store = this.store;
		if (store == null) {
			return endpoint;
		}
		CrayonAccessToken held = (current != null) ? current : this.rejected;
		return Mono.defer(() -> {
			AtomicReference<PasswordGrant.@Nullable Fetched> own = new AtomicReference<>();
			Mono<CrayonAccessToken> request = endpoint.doOnNext(own::set).map(PasswordGrant.Fetched::token);
			return store.obtain(held, request).map((token) -> {
				PasswordGrant.Fetched fetched = own.get();
				return (fetched != null && fetched.token() == token) ? fetched : shared(token);
			});
		});
	}

	/**
	 * Return the request to the token endpoint, sent once one of the token requests the clients
	 * share may run (a caller's before a background refresh).
	 */
	private Mono<PasswordGrant.Fetched> limited(Mono<PasswordGrant.Fetched> request, boolean awaited) {
		Duration bound = this.settings.requestBound();
		return this.limiter.limit(request, awaited, bound,
				() -> failure(Reason.TIMEOUT, "all " + this.limiter.limit()
						+ " token requests the clients may send at once were busy for " + bound.toMillis()
						+ " ms (crayon.api.max-concurrent-token-requests)."));
	}

	/**
	 * Return a token another instance requested, its request moment read from the wall clock
	 * and turned into a ticker reading.
	 */
	private PasswordGrant.Fetched shared(CrayonAccessToken token) {
		long age = Duration.between(token.issuedAt(), this.clock.instant()).toNanos();
		if (logger.isDebugEnabled()) {
			logger.debug("Took " + token + " of Crayon client '" + this.name + "' from the shared token store");
		}
		return new PasswordGrant.Fetched(token, this.ticker.read() - age, CrayonTokenListener.Source.STORE);
	}

	/**
	 * Remove a token the API rejected from the shared store, and never take it from there again.
	 * @param token the rejected token
	 */
	void rejected(CrayonAccessToken token) {
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			this.rejected = token;
			quietly(store.evict(token), "evict a token");
		}
	}

	/**
	 * Forget these credentials for good (the client was removed or its credentials changed): the
	 * token goes from the shared store too.
	 * @param last the last token held, or {@code null}
	 */
	void retire(@Nullable CrayonAccessToken last) {
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			quietly(store.retire((last != null) ? last : this.rejected), "remove the client's token");
		}
	}

	/**
	 * Release any lease held in the shared store, the client closing.
	 */
	void release() {
		CrayonTokenStore.Binding store = this.store;
		if (store != null) {
			quietly(store.release(), "release its lease");
		}
	}

	private void quietly(Mono<Void> storeCall, String what) {
		storeCall.subscribe(null,
				(ex) -> logger.debug("Token store failed to " + what + " for Crayon client '" + this.name + "'", ex));
	}

	@Override
	public String toString() {
		return this.grant.toString();
	}

}
