package com.crayon.token;

import java.time.Duration;
import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a token is refreshed: from refresh-before-expiry before its expiry, spread by the jitter
 * over at most half of the time left before it stops being served.
 */
class TokenSettingsTests {

	private static final long HOUR = Duration.ofHours(1).toNanos();

	private static final long SERVED_FOR = HOUR - Duration.ofSeconds(30).toNanos();

	private static final long START = HOUR - Duration.ofMinutes(5).toNanos();

	@Test
	void refreshAtWhenTokensIssuedTogetherThenSpreadOverTheJitter() {
		TokenSettings settings = settings(Duration.ofMinutes(2));
		Set<Long> distinct = new HashSet<>();
		LongSummaryStatistics offsets = new LongSummaryStatistics();
		for (int i = 0; i < 1_000; i++) {
			long refreshAt = settings.refreshAt(0, HOUR, SERVED_FOR);
			distinct.add(refreshAt);
			offsets.accept(refreshAt - START);
		}
		long jitter = Duration.ofMinutes(2).toNanos();
		assertThat(offsets.getMin()).isNotNegative().isLessThan(jitter / 10);
		assertThat(offsets.getMax()).isLessThanOrEqualTo(jitter).isGreaterThan(jitter * 9 / 10);
		assertThat(distinct).hasSizeGreaterThan(990);
	}

	@Test
	void refreshAtWhenJitterLongerThanHalfTheRestThenAtMostHalfTheRestSoRetriesFit() {
		TokenSettings settings = settings(Duration.ofHours(1));
		long half = (SERVED_FOR - START) / 2;
		for (int i = 0; i < 1_000; i++) {
			assertThat(settings.refreshAt(0, HOUR, SERVED_FOR) - START).isBetween(0L, half);
		}
	}

	@Test
	void refreshAtWhenNoJitterThenExactlyRefreshBeforeExpiryOrHalfTheLifetime() {
		TokenSettings settings = settings(Duration.ZERO);
		assertThat(settings.refreshAt(7, HOUR, SERVED_FOR)).isEqualTo(7 + START);
		long minute = Duration.ofMinutes(1).toNanos();
		assertThat(settings.refreshAt(7, minute, minute * 3 / 4)).as("never before half the lifetime")
			.isEqualTo(7 + minute / 2);
	}

	private static TokenSettings settings(Duration refreshJitter) {
		return new TokenSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10), 3,
				Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(30),
				refreshJitter);
	}

}
