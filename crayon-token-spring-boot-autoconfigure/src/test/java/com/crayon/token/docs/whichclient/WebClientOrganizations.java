package com.crayon.token.docs.whichclient;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * README "Which client?": WebClient, through the auto-configured {@code crayonWebClient}.
 */
@Service
public class WebClientOrganizations {

	private final WebClient crayon;

	public WebClientOrganizations(@Qualifier("crayonWebClient") WebClient crayon) {
		this.crayon = crayon;
	}

	public Mono<String> list() {
		return this.crayon.get().uri("/api/v1/organizations/").retrieve().bodyToMono(String.class);
	}

}
