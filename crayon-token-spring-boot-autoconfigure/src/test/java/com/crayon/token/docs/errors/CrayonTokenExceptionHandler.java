package com.crayon.token.docs.errors;

import com.crayon.token.CrayonTokenException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * README "Errors in a controller": a transient token failure becomes 503 with
 * {@code Retry-After}, any other 502, both as a {@link ProblemDetail}.
 */
@RestControllerAdvice
public class CrayonTokenExceptionHandler {

	// callers get a token again within crayon.api.token.retry.max-backoff (5s by default) of a recovery
	private static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	public ResponseEntity<ProblemDetail> crayonTokenFailure(CrayonTokenException ex) {
		// the starter has logged the cause, without any secret: tell the caller no more than this
		if (ex.isTransient()) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						"The Crayon API is unavailable; try again later."));
		}
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
					"No Crayon API token could be obtained; the application log says why."));
	}

}
