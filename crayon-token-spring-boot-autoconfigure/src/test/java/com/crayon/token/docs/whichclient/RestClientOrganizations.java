package com.crayon.token.docs.whichclient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * README "Which client?": RestClient, through the auto-configured {@code crayonRestClient}.
 */
@Service
public class RestClientOrganizations {

	private final RestClient crayon;

	public RestClientOrganizations(@Qualifier("crayonRestClient") RestClient crayon) {
		this.crayon = crayon;
	}

	public String list() {
		return this.crayon.get().uri("/api/v1/organizations/").retrieve().body(String.class);
	}

}
