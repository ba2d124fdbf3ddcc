package com.crayon.token.test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Client id and secret from an {@code Authorization: Basic base64(clientId:clientSecret)} header.
 *
 * @param clientId the client id
 * @param clientSecret the client secret
 */
record BasicCredentials(String clientId, String clientSecret) {

	private static final String SCHEME = "Basic ";

	/**
	 * Read the credentials from an {@code Authorization} header.
	 * @param authorization the header's value, or {@code null} if there is none
	 * @return the credentials, or empty if the header is missing or not valid Basic credentials
	 */
	static Optional<BasicCredentials> from(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return Optional.empty();
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim()),
					StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		int colon = decoded.indexOf(':');
		return (colon < 0) ? Optional.empty()
				: Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
	}

	/**
	 * Return whether these are the given credentials, comparing the secrets in constant time.
	 * @param clientId the expected client id
	 * @param clientSecret the expected client secret
	 * @return {@code true} if both match
	 */
	boolean matches(String clientId, String clientSecret) {
		return this.clientId.equals(clientId) & Secrets.same(this.clientSecret, clientSecret);
	}

	@Override
	public String toString() {
		return "BasicCredentials[clientId=" + this.clientId + ", clientSecret=(hidden)]";
	}

}
