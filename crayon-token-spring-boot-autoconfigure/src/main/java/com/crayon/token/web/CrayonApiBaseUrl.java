package com.crayon.token.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import org.springframework.util.StringUtils;

/**
 * Where a client's bearer token may go: requests with the scheme, host and port of the Crayon
 * API's base URL, and a path at or below its path. A path with dot segments ({@code .} or
 * {@code ..}, plain or percent-encoded, or followed by path parameters as in {@code ..;x}) is
 * never covered, because a server that resolves them would serve a resource outside the base
 * path.
 */
final class CrayonApiBaseUrl {

	/** How often a path is percent-decoded while looking for dot segments hidden by encoding. */
	private static final int MAX_DECODINGS = 3;

	private final String scheme;

	private final String host;

	private final int port;

	private final String basePath;

	private CrayonApiBaseUrl(String scheme, String host, int port, String basePath) {
		this.scheme = scheme;
		this.host = host;
		this.port = port;
		this.basePath = basePath;
	}

	/**
	 * Return the rule of a base URL.
	 * @param baseUrl the Crayon API's base URL, such as {@code https://api.crayon.com}
	 * @return the rule
	 * @throws IllegalArgumentException if the base URL is not an absolute http or https URL
	 */
	static CrayonApiBaseUrl of(String baseUrl) {
		URI base = URI.create(baseUrl.trim());
		String scheme = Objects.toString(base.getScheme(), "").toLowerCase(Locale.ROOT);
		if (base.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
			throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, got '" + baseUrl + "'");
		}
		String basePath = StringUtils.trimTrailingCharacter(Objects.toString(base.getRawPath(), ""), '/');
		if (hasDotSegment(basePath)) {
			throw new IllegalArgumentException("baseUrl must not contain dot segments, got '" + baseUrl + "'");
		}
		return new CrayonApiBaseUrl(scheme, base.getHost().toLowerCase(Locale.ROOT), port(base), basePath);
	}

	/**
	 * Return whether the base URL covers a request URL.
	 * @param url the request's URL
	 * @return {@code true} if a request to it may carry the client's token
	 */
	boolean contains(URI url) {
		if (url.getScheme() == null || url.getHost() == null || !this.scheme.equalsIgnoreCase(url.getScheme())
				|| !this.host.equalsIgnoreCase(url.getHost()) || this.port != port(url)) {
			return false;
		}
		String path = Objects.toString(url.getRawPath(), "");
		boolean below = this.basePath.isEmpty() || path.equals(this.basePath) || path.startsWith(this.basePath + "/");
		return below && !hasDotSegment(path);
	}

	/**
	 * Return whether a raw path, or any of its first few percent-decodings, has a {@code .} or
	 * {@code ..} segment (with {@code /} or {@code \} as separators, path parameters ignored); a
	 * path that cannot be decoded counts as having one.
	 */
	private static boolean hasDotSegment(String rawPath) {
		String path = rawPath;
		for (int i = 0; i <= MAX_DECODINGS; i++) {
			if (hasPlainDotSegment(path)) {
				return true;
			}
			if (path.indexOf('%') < 0) {
				return false;
			}
			try {
				path = StringUtils.uriDecode(path, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return true;
			}
		}
		return true;
	}

	/**
	 * Return whether no URL that starts with the given one can be covered: its scheme, host or
	 * port differ, or its path is neither covered nor a beginning of the base path (as
	 * {@code /api/} is of {@code /api/v1}, which a longer URL may still reach).
	 * @param prefix the beginning of some request URLs, such as a base URL and a static path
	 * @return {@code true} if none of those requests may carry the client's token
	 */
	boolean excludesEverythingBelow(URI prefix) {
		if (contains(prefix)) {
			return false;
		}
		boolean sameOrigin = prefix.getScheme() != null && prefix.getHost() != null
				&& this.scheme.equalsIgnoreCase(prefix.getScheme()) && this.host.equalsIgnoreCase(prefix.getHost())
				&& this.port == port(prefix);
		return !sameOrigin || !this.basePath.startsWith(Objects.toString(prefix.getRawPath(), ""));
	}

	/**
	 * Return whether a path has a {@code .} or {@code ..} segment as it is, without decoding, each
	 * segment cut at its first {@code ;} since servers drop path parameters before resolving dot
	 * segments; a scan rather than a regular expression, since it runs on every request.
	 */
	private static boolean hasPlainDotSegment(String path) {
		int start = 0;
		int nameEnd = -1;
		for (int i = 0; i <= path.length(); i++) {
			char ch = (i < path.length()) ? path.charAt(i) : '/';
			if (ch == '/' || ch == '\\') {
				int length = ((nameEnd != -1) ? nameEnd : i) - start;
				if ((length == 1 || length == 2) && path.charAt(start) == '.'
						&& (length == 1 || path.charAt(start + 1) == '.')) {
					return true;
				}
				start = i + 1;
				nameEnd = -1;
			}
			else if (ch == ';' && nameEnd == -1) {
				nameEnd = i;
			}
		}
		return false;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	@Override
	public String toString() {
		return this.scheme + "://" + this.host + ":" + this.port + this.basePath;
	}

}
