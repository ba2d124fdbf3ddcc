package com.crayon.token.sample;

import reactor.core.publisher.Mono;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The Crayon API's organizations, as an HTTP service client in the {@code crayon} group: the
 * starter gives the group its base URL ({@code crayon.api.base-url}) and the bearer filter,
 * which adds {@code Authorization: Bearer <token>} to every call.
 */
@HttpExchange(url = "/api/v1", accept = "application/json")
public interface CrayonOrganizations {

	/**
	 * Fetch the organizations the API user can see.
	 * @return the first page of organizations, or an error if the API or its token endpoint
	 * refused
	 */
	@GetExchange("/organizations/")
	Mono<Organizations> list();

}
