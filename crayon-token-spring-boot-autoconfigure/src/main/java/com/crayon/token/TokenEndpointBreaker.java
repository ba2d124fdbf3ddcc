package com.crayon.token;

import java.net.URI;
import java.time.Duration;

import com.crayon.token.CrayonTokenException.Reason;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;

/**
 * A circuit breaker in front of one token endpoint, shared by every client of a registry that
 * uses it: once the token requests of {@value #CLIENTS_TO_OPEN} different clients in a row have
 * failed transiently (no answer, HTTP 5xx or 429) with none succeeding in between, the endpoint
 * counts as down. Then token requests fail at once instead of queueing for it, and one request at
 * a time (a probe, from whichever client asks first once the wait is over) tests it, after a wait
 * that doubles with each failed probe within the clients' backoff settings. The first answer
 * closes the breaker.
 *
 * <p>Without it, callers of clients with no token would wait behind other clients' failing
 * requests for a free slot, each up to a request's bound. One client failing on its own (its
 * user broken, say) never opens it: only the first failure of each client's streak counts, and
 * any answer resets the count.
 */
final class TokenEndpointBreaker {

	/** Different clients whose token requests must fail in a row for the endpoint to count as down. */
	static final int CLIENTS_TO_OPEN = 3;

	private static final Log logger = LogFactory.getLog(CrayonTokenService.class);

	private final URI tokenUri;

	private final Ticker ticker;

	/** Clients whose failure streak began since the last answer. */
	private int failedClients;

	private boolean open;

	private long openedAtNanos;

	private long closedUntilNanos;

	private boolean probing;

	private int failedProbes;

	private @Nullable CrayonTokenException last;

	TokenEndpointBreaker(URI tokenUri, Ticker ticker) {
		this.tokenUri = tokenUri;
		this.ticker = ticker;
	}

	/**
	 * Return the request, sent unless the endpoint counts as down; its outcome counts here.
	 * @param <T> the request's value
	 * @param request the token request
	 * @param settings the settings of the client sending it
	 * @param streak the client's failure streak, to tell its first failure from later ones
	 * @return the guarded request, which fails with {@link Open} when not sent
	 */
	<T> Mono<T> guard(Mono<T> request, CrayonClientSettings settings, FailureStreak streak) {
		return Mono.defer(() -> {
			boolean firstFailure = !streak.isFailing();
			Open refused;
			boolean probe;
			synchronized (this) {
				refused = refusal(settings);
				probe = refused == null && this.open;
				if (probe) {
					this.probing = true;
				}
			}
			if (refused != null) {
				return Mono.error(refused);
			}
			return request.doOnNext((value) -> answered())
				.doOnError((ex) -> failed(ex, settings, firstFailure, probe))
				.doOnCancel(() -> {
					if (probe) {
						cancelled();
					}
				});
		});
	}

	/**
	 * Return why a token request would not be sent now, without taking the probe.
	 * @param settings the settings of the client asking
	 * @return the refusal, or {@code null} if a request may be sent
	 */
	synchronized @Nullable Open refusal(CrayonClientSettings settings) {
		if (!this.open) {
			return null;
		}
		long now = this.ticker.read();
		if (now - this.closedUntilNanos < 0) {
			return refused(this.closedUntilNanos, now);
		}
		// a probe is out: try again after the shortest wait, by then it has likely answered
		return this.probing ? refused(now + settings.initialBackoff().toNanos(), now) : null;
	}

	private Open refused(long retryAtNanos, long now) {
		CrayonTokenException last = this.last;
		Reason reason = (last != null) ? last.getReason() : Reason.UNREACHABLE;
		HttpStatusCode status = (last != null) ? last.getStatusCode() : null;
		return new Open(reason, "not sent: the endpoint is down, the token requests of " + CLIENTS_TO_OPEN
				+ " different clients in a row failed (the last: " + ((status != null) ? "HTTP " + status.value() : reason)
				+ "); one request at a time tests it, the next in "
				+ Duration.ofNanos(Math.max(0, retryAtNanos - now)).toMillis() + " ms.", retryAtNanos);
	}

	private synchronized void answered() {
		this.failedClients = 0;
		this.probing = false;
		this.failedProbes = 0;
		this.last = null;
		if (this.open) {
			this.open = false;
			logger.warn("Crayon API token endpoint " + this.tokenUri + " answers again after "
					+ Duration.ofNanos(this.ticker.read() - this.openedAtNanos).toMillis()
					+ " ms; token requests go to it as usual.");
		}
	}

	private void failed(Throwable ex, CrayonClientSettings settings, boolean firstFailure, boolean probe) {
		if (!(ex instanceof CrayonTokenException failure)) {
			// not the endpoint's doing (a fault on this side): it tells nothing about the endpoint
			if (probe) {
				cancelled();
			}
			return;
		}
		if (!failure.getReason().isTransient()) {
			// the endpoint answered (rejected credentials, a broken answer): it is up
			answered();
			return;
		}
		synchronized (this) {
			this.last = failure;
			long now = this.ticker.read();
			if (probe) {
				this.probing = false;
				this.failedProbes++;
				this.closedUntilNanos = now + wait(settings);
				return;
			}
			if (firstFailure) {
				this.failedClients++;
			}
			if (!this.open && this.failedClients >= CLIENTS_TO_OPEN) {
				this.open = true;
				this.openedAtNanos = now;
				this.closedUntilNanos = now + wait(settings);
				logger.warn("Crayon API token endpoint " + this.tokenUri + " is down: the token requests of "
						+ CLIENTS_TO_OPEN + " different clients in a row failed, the last with " + failure.getMessage()
						+ " Until it answers, token requests fail at once and one at a time tests it.");
			}
		}
	}

	private synchronized void cancelled() {
		this.probing = false;
	}

	/**
	 * Return the wait before the next probe: the clients' backoff rule, counting failed probes.
	 */
	private long wait(CrayonClientSettings settings) {
		return FailureStreak.jittered(FailureStreak.doubled(settings.initialBackoff(), settings.maxBackoff(),
				this.failedProbes + 1)).toNanos();
	}

	/**
	 * A token request not sent because its endpoint counts as down; the client tries again from
	 * {@code retryAtNanos}, without counting it as a failure of its own.
	 */
	static final class Open extends RuntimeException {

		private final Reason reason;

		private final long retryAtNanos;

		Open(Reason reason, String detail, long retryAtNanos) {
			super(detail, null, false, false);
			this.reason = reason;
			this.retryAtNanos = retryAtNanos;
		}

		Reason reason() {
			return this.reason;
		}

		long retryAtNanos() {
			return this.retryAtNanos;
		}

	}

}
