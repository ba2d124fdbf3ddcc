package com.crayon.token;

/**
 * What a token service of a registry currently works with, for tests outside this package.
 */
public final class TokenServiceSettings {

	private TokenServiceSettings() {
	}

	/**
	 * Return the settings a token service of a registry uses for its next token request.
	 * @param service the token service
	 * @return its settings
	 */
	public static CrayonClientSettings of(CrayonTokenService service) {
		return ((ClientTokenService) service).settings();
	}

}
