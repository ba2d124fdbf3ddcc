package com.crayon.token.test;

/**
 * How the simulated token endpoint answered a token request.
 */
public enum TokenRequestOutcome {

	/** HTTP 200 with a PascalCase {@code TokenResponse} carrying a new token. */
	ISSUED,

	/** HTTP 401 {@code invalid_client}: no, or no valid, HTTP Basic client authentication. */
	INVALID_CLIENT,

	/** HTTP 400 {@code invalid_request}: not a form, or a field missing, empty or repeated. */
	INVALID_REQUEST,

	/** HTTP 406: an {@code Accept} header that excludes JSON. */
	NOT_ACCEPTABLE,

	/**
	 * HTTP 400 {@code invalid_grant}: a grant type other than {@code password}, an unknown user,
	 * a wrong password, or credentials rejected on purpose.
	 */
	INVALID_GRANT,

	/** HTTP 400 {@code invalid_scope}: a scope other than {@code CustomerApi}. */
	INVALID_SCOPE,

	/** A failure injected with {@link CrayonApiSimulator#failNextTokenRequests(int, int)}. */
	INJECTED_FAILURE

}
