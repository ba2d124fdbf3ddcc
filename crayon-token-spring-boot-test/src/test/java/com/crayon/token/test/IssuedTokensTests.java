package com.crayon.token.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IssuedTokens}.
 */
class IssuedTokensTests {

	private final MutableClock clock = new MutableClock();

	private final IssuedTokens tokens = new IssuedTokens(this.clock);

	@Test
	void userWhenTokenIssuedThenItsUser() {
		String token = this.tokens.issue("test-user", Duration.ofMinutes(2));
		assertThat(this.tokens.user(token)).contains("test-user");
	}

	@Test
	void issueWhenCalledTwiceThenDifferentUrlSafeTokens() {
		String first = this.tokens.issue("test-user", Duration.ofMinutes(2));
		String second = this.tokens.issue("test-user", Duration.ofMinutes(2));
		assertThat(first).isNotEqualTo(second).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void userWhenTokenUnknownThenEmpty() {
		this.tokens.issue("test-user", Duration.ofMinutes(2));
		assertThat(this.tokens.user("unknown")).isEmpty();
	}

	@Test
	void userWhenTokenExpiredThenEmptyAndForgotten() {
		String token = this.tokens.issue("test-user", Duration.ofMinutes(2));
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.tokens.user(token)).isEmpty();
		assertThat(this.tokens.size()).isZero();
	}

	@Test
	void issueWhenEarlierTokensExpiredThenDropsThem() {
		for (int i = 0; i < 100; i++) {
			this.tokens.issue("test-user", Duration.ofMinutes(2));
		}
		String live = this.tokens.issue("test-user", Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(3));
		String fresh = this.tokens.issue("test-user", Duration.ofMinutes(2));
		assertThat(this.tokens.size()).isEqualTo(2);
		assertThat(this.tokens.user(live)).contains("test-user");
		assertThat(this.tokens.user(fresh)).contains("test-user");
	}

	@Test
	void userWhenAllRevokedThenEmptyAndLaterTokensValid() {
		String revoked = this.tokens.issue("test-user", Duration.ofMinutes(2));
		this.tokens.revokeAll();
		String fresh = this.tokens.issue("test-user", Duration.ofMinutes(2));
		assertThat(this.tokens.user(revoked)).isEmpty();
		assertThat(this.tokens.user(fresh)).contains("test-user");
	}

}
