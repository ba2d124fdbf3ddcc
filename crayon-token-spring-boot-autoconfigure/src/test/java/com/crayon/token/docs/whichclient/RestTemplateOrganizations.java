package com.crayon.token.docs.whichclient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestTemplate;

/**
 * README "Which client?": the RestTemplate of {@link CrayonRestTemplateConfiguration} in use.
 */
@Service
public class RestTemplateOrganizations {

	private final RestTemplate crayon;

	public RestTemplateOrganizations(@Qualifier("crayonRestTemplate") RestTemplate crayon) {
		this.crayon = crayon;
	}

	public String list() {
		return this.crayon.getForObject("/api/v1/organizations/", String.class);
	}

}
