package com.crayon.token.sample;

import com.crayon.token.CrayonTokenException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Serves {@code GET /organizations}: the Crayon API's organizations, fetched with a bearer token
 * from the starter; a failure of the Crayon API becomes HTTP 502.
 */
@RestController
final class OrganizationsController {

	private static final Log logger = LogFactory.getLog(OrganizationsController.class);

	private final CrayonOrganizations crayon;

	OrganizationsController(CrayonOrganizations crayon) {
		this.crayon = crayon;
	}

	@GetMapping(path = "/organizations", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Organizations> organizations() {
		return this.crayon.list();
	}

	@ExceptionHandler(CrayonTokenException.class)
	ProblemDetail noToken(CrayonTokenException ex) {
		// the starter has already logged why, without any secret
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"No Crayon API token could be obtained; the application log says why.");
	}

	@ExceptionHandler(WebClientResponseException.class)
	ProblemDetail refused(WebClientResponseException ex) {
		logger.warn("Crayon API answered HTTP " + ex.getStatusCode().value() + " to GET /api/v1/organizations/");
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"The Crayon API answered HTTP " + ex.getStatusCode().value() + ".");
	}

}
