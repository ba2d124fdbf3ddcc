package com.crayon.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Clock and monotonic ticker that tests move by hand: {@link #advance} moves both, {@link #step}
 * moves the wall clock alone, as an NTP step or a restored VM does.
 */
public final class MutableClock extends Clock implements Ticker {

	private final AtomicLong millis;

	private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

	public MutableClock(Instant start) {
		this.millis = new AtomicLong(start.toEpochMilli());
	}

	public MutableClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"));
	}

	/** Let time pass: the wall clock and the ticker move forward together. */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
		this.millis.addAndGet(duration.toMillis());
	}

	/** Step the wall clock alone, forward or backward; the ticker does not move. */
	public void step(Duration duration) {
		this.millis.addAndGet(duration.toMillis());
	}

	@Override
	public long read() {
		return this.nanos.get();
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
