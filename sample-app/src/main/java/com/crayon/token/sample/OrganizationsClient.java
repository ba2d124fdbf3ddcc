package com.crayon.token.sample;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reads organizations from the Crayon API with the starter's {@code crayonWebClient}, whose
 * filter adds {@code Authorization: Bearer <token>} to every request.
 */
@Service
public final class OrganizationsClient {

	private final WebClient crayon;

	/**
	 * Create a client.
	 * @param crayon the auto-configured WebClient, based at {@code crayon.api.base-url}
	 */
	public OrganizationsClient(@Qualifier("crayonWebClient") WebClient crayon) {
		this.crayon = crayon;
	}

	/**
	 * Fetch the organizations the API user can see.
	 * @return the first page of organizations, or an error if the API or its token endpoint
	 * refused
	 */
	public Mono<Organizations> organizations() {
		return this.crayon.get()
			.uri("/api/v1/organizations/")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(Organizations.class);
	}

}
