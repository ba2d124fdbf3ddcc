package com.crayon.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clock that tests move forward by hand.
 */
public final class MutableClock extends Clock {

	private final AtomicLong millis;

	public MutableClock(Instant start) {
		this.millis = new AtomicLong(start.toEpochMilli());
	}

	public MutableClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"));
	}

	public void advance(Duration duration) {
		this.millis.addAndGet(duration.toMillis());
	}

	@Override
	public long millis() {
		return this.millis.get();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}
