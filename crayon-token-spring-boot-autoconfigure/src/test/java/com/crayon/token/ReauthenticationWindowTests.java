package com.crayon.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rejected token is replaced at most once per window; the same rejection reported again within
 * it shares the replacement.
 */
class ReauthenticationWindowTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final Duration WINDOW = Duration.ofSeconds(5);

	private final ReauthenticationWindow window = new ReauthenticationWindow();

	@Test
	void rejectedWhenFirstInTheWindowThenReplace() {
		assertThat(this.window.rejected(token("a"), 0, WINDOW)).isEqualTo(ReauthenticationWindow.Verdict.REPLACE);
		assertThat(this.window.sinceLast(2 * SECOND)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void rejectedWhenSameTokenAgainWithinTheWindowThenShareTheReplacement() {
		this.window.rejected(token("a"), 0, WINDOW);
		assertThat(this.window.rejected(token("a"), SECOND, WINDOW)).isEqualTo(ReauthenticationWindow.Verdict.SHARE);
	}

	@Test
	void rejectedWhenItsReplacementRejectedWithinTheWindowThenKeep() {
		this.window.rejected(token("a"), 0, WINDOW);
		assertThat(this.window.rejected(token("b"), 4 * SECOND, WINDOW)).isEqualTo(ReauthenticationWindow.Verdict.KEEP);
		assertThat(this.window.rejected(token("b"), 5 * SECOND, WINDOW)).as("the window has passed")
			.isEqualTo(ReauthenticationWindow.Verdict.REPLACE);
	}

	@Test
	void resetWhenCredentialsChangedThenNextRejectionReplaces() {
		this.window.rejected(token("a"), 0, WINDOW);
		this.window.reset();
		assertThat(this.window.sinceLast(SECOND)).isNull();
		assertThat(this.window.rejected(token("b"), SECOND, WINDOW)).isEqualTo(ReauthenticationWindow.Verdict.REPLACE);
	}

	private static CrayonAccessToken token(String value) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		return new CrayonAccessToken(value, "Bearer", now, now.plusSeconds(3600));
	}

}
