package com.crayon.token.examples.servlet;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * README "Complete examples", servlet: the Crayon API user a client logs in as.
 */
@HttpExchange(url = "/api/v1", accept = "application/json")
public interface CrayonUsers {

	@GetExchange("/me/")
	CrayonUser me();

}
