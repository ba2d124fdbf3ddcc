package com.crayon.token.web;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CrayonApiBaseUrl}.
 */
class CrayonApiBaseUrlTests {

	private static final String ORIGIN = "https://gw.example.com";

	private final CrayonApiBaseUrl baseUrl = CrayonApiBaseUrl.of(ORIGIN + "/crayon");

	@ParameterizedTest
	@ValueSource(strings = { "/crayon", "/crayon/", "/crayon/api/v1/me", "/crayon/api/v1/me/", "/crayon/a;b/x",
			"/crayon/api;v=1/me", "/crayon/a%3bb/x", "/crayon/...", "/crayon/.../x", "/crayon/...;x/y",
			"/crayon/.well-known", "/crayon/.well-known;x/y", "/crayon/..data/x", "/crayon/x..", "/crayon/%2e%2e%2e/x" })
	void containsWhenPathIsAtOrBelowTheBasePathThenTrue(String path) {
		assertThat(this.baseUrl.contains(URI.create(ORIGIN + path))).as(path).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://gw.example.com/crayonx/api", "https://gw.example.com/other/api",
			"https://gw.example.com/", "http://gw.example.com/crayon/api", "https://gw.example.com:8443/crayon/api",
			"https://gw.example.com.evil.example/crayon/api", "https://evil.example/crayon/api" })
	void containsWhenOriginOrPathPrefixDiffersThenFalse(String url) {
		assertThat(this.baseUrl.contains(URI.create(url))).as(url).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/crayon/../admin", "/crayon/./admin", "/crayon/..", "/crayon/.", "/crayon/x/..",
			"/crayon/%2e%2e/admin", "/crayon/%2E%2E/admin", "/crayon/.%2e/admin", "/crayon/%252e%252e/admin",
			"/crayon/..%2fadmin", "/crayon/..%5cadmin", "/crayon/x%5c..%5cadmin", "/crayon/%2e%2e%2fadmin" })
	void containsWhenPathHasDotSegmentThenFalse(String path) {
		assertThat(this.baseUrl.contains(URI.create(ORIGIN + path))).as(path).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/crayon/..;/admin", "/crayon/.%2e;x/admin", "/crayon/%2e%2e;/admin",
			"/crayon/..%3b/admin", "/crayon/..%3B/admin", "/crayon/.;a/x", "/crayon/..;a=b/admin", "/crayon/..;",
			"/crayon/x/..;", "/crayon/..;%5cadmin", "/crayon/x%5c..;%5cadmin", "/crayon/x%5c.;a%5cadmin",
			"/crayon/%2e%2e%3b%5cadmin", "/crayon/%252e%252e%253b/admin", "/crayon/..;x;y/admin" })
	void containsWhenPathParameterHidesDotSegmentThenFalse(String path) {
		assertThat(this.baseUrl.contains(URI.create(ORIGIN + path))).as(path).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://gw.example.com/crayon/..", "https://gw.example.com/crayon/..;",
			"https://gw.example.com/crayon/.;x/api", "https://gw.example.com/crayon/%2e%2e%3b/api" })
	void ofWhenBaseUrlHasDotSegmentThenIllegalArgumentException(String baseUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> CrayonApiBaseUrl.of(baseUrl))
			.withMessageContaining("dot segments");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://gw.example.com/crayon/api", "https://gw.example.com/crayon",
			"https://gw.example.com/", "https://gw.example.com", "https://gw.example.com/cra" })
	void excludesEverythingBelowWhenSomeLongerUrlMayBeCoveredThenFalse(String prefix) {
		assertThat(this.baseUrl.excludesEverythingBelow(URI.create(prefix))).as(prefix).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://gw.example.com/other", "https://gw.example.com/crayonx/api",
			"http://gw.example.com/crayon", "https://gw.example.com:8443/crayon", "https://evil.example/crayon" })
	void excludesEverythingBelowWhenNoLongerUrlCanBeCoveredThenTrue(String prefix) {
		assertThat(this.baseUrl.excludesEverythingBelow(URI.create(prefix))).as(prefix).isTrue();
	}

}
