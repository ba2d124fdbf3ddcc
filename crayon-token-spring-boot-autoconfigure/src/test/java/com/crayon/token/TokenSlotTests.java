package com.crayon.token;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a token is served, and when it is refreshed: from refresh-before-expiry before its expiry, spread by the jitter
 * over at most half of the time left before it stops being served.
 */
class TokenSlotTests {

	private static final long HOUR = Duration.ofHours(1).toNanos();

	private static final long SERVED_FOR = HOUR - Duration.ofSeconds(30).toNanos();

	private static final long START = HOUR - Duration.ofMinutes(5).toNanos();

	@Test
	void refreshAtWhenTokensIssuedTogetherThenSpreadOverTheJitter() {
		CrayonClientSettings settings = settings(Duration.ofMinutes(2));
		Set<Long> distinct = new HashSet<>();
		LongSummaryStatistics offsets = new LongSummaryStatistics();
		for (int i = 0; i < 1_000; i++) {
			long refreshAt = refreshAt(settings, 0, HOUR);
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
		CrayonClientSettings settings = settings(Duration.ofHours(1));
		long half = (SERVED_FOR - START) / 2;
		for (int i = 0; i < 1_000; i++) {
			assertThat(refreshAt(settings, 0, HOUR) - START).isBetween(0L, half);
		}
	}

	@Test
	void refreshAtWhenNoJitterThenExactlyRefreshBeforeExpiryOrHalfTheLifetime() {
		CrayonClientSettings settings = settings(Duration.ZERO);
		assertThat(refreshAt(settings, 7, HOUR)).isEqualTo(7 + START);
		long minute = Duration.ofMinutes(1).toNanos();
		assertThat(refreshAt(settings, 7, minute)).as("never before half the lifetime")
			.isEqualTo(7 + minute / 2);
	}

	@Test
	void ofWhenTokenIssuedThenServedUntilExpiryLessTheMarginAtMostAQuarterOfItsLifetime() {
		CrayonClientSettings settings = settings(Duration.ZERO);
		assertThat(TokenSlot.Usable.of(token(HOUR), 7, settings).servedUntilNanos()).isEqualTo(7 + SERVED_FOR);
		assertThat(TokenSlot.Usable.of(token(HOUR), 7, settings).expiresAtNanos()).isEqualTo(7 + HOUR);
		long minute = Duration.ofMinutes(1).toNanos();
		assertThat(TokenSlot.Usable.of(token(minute), 7, settings).servedUntilNanos()).as("a quarter of a minute")
			.isEqualTo(7 + minute * 3 / 4);
	}

	private static long refreshAt(CrayonClientSettings settings, long requestedAt, long lifetime) {
		return TokenSlot.Usable.of(token(lifetime), requestedAt, settings).refreshAtNanos();
	}

	private static CrayonAccessToken token(long lifetimeNanos) {
		Instant issued = Instant.parse("2026-01-01T00:00:00Z");
		return new CrayonAccessToken("token", "Bearer", issued, issued.plusNanos(lifetimeNanos));
	}

	private static CrayonClientSettings settings(Duration refreshJitter) {
		return CrayonClientSettings.builder("https://api.crayon.com").refreshJitter(refreshJitter).build();
	}

}
