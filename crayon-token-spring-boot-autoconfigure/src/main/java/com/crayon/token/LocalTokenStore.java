package com.crayon.token;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The store that shares nothing: {@link CrayonTokenStore#local()}.
 */
final class LocalTokenStore implements CrayonTokenStore, CrayonTokenStore.Binding {

	static final LocalTokenStore INSTANCE = new LocalTokenStore();

	private LocalTokenStore() {
	}

	@Override
	public Binding bind(Client client) {
		return this;
	}

	@Override
	public Mono<CrayonAccessToken> obtain(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch) {
		return fetch;
	}

	@Override
	public Mono<Void> evict(CrayonAccessToken rejected) {
		return Mono.empty();
	}

	@Override
	public String toString() {
		return "LocalTokenStore";
	}

}
