package com.crayon.token.docs.whichclient;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * README "Which client?": an HTTP service client in the {@code crayon} group, registered by
 * {@link CrayonHttpServices}.
 */
@HttpExchange(url = "/api/v1", accept = "application/json")
public interface CrayonOrganizations {

	@GetExchange("/organizations/")
	String list();

}
