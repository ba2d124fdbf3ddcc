package com.crayon.token.health;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one Crayon client's token: {@code UNKNOWN} before the first token request, {@code UP}
 * while a usable token is cached, {@code DOWN} when there is none and the last request failed.
 * It reads the service's status only: it never requests a token, and never shows a token,
 * secret or password.
 */
public final class CrayonTokenHealthIndicator extends AbstractHealthIndicator {

	private final CrayonTokenService service;

	private final @Nullable RegisteredClientsHealthIndicator registered;

	/**
	 * Create an indicator.
	 * @param service the client's token service
	 */
	public CrayonTokenHealthIndicator(CrayonTokenService service) {
		super("Crayon API token health check failed");
		this.service = service;
		this.registered = null;
	}

	/**
	 * Create an indicator for the one configured client of a registry that, once clients are
	 * registered at run time, also shows their summary (see {@link RegisteredClientsHealthIndicator})
	 * under the detail {@code registered} and takes its status into account the way a composite would.
	 * @param service the configured client's token service
	 * @param clients the registry the client belongs to
	 */
	public CrayonTokenHealthIndicator(CrayonTokenService service, CrayonClientRegistry clients) {
		super("Crayon API token health check failed");
		this.service = service;
		this.registered = new RegisteredClientsHealthIndicator(clients);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		tokenHealth(builder);
		if (this.registered != null && this.registered.hasClients()) {
			Health summary = this.registered.health();
			builder.status(StatusAggregator.getDefault().getAggregateStatus(builder.build().getStatus(),
					summary.getStatus()))
				.withDetail(RegisteredClientsHealthIndicator.NAME, summary);
		}
	}

	private void tokenHealth(Health.Builder builder) {
		CrayonTokenStatus status = this.service.status();
		switch (status.state()) {
			case NOT_REQUESTED -> builder.unknown().withDetail("token", "not requested yet");
			case NONE -> builder.unknown().withDetail("token", "none cached; the next call requests one");
			case USABLE -> {
				builder.up().withDetail("expiresIn", status.expiresIn().toSeconds());
				if (status.lastFailure() != null) {
					builder.withDetail("refreshFailingSince", status.failingSince())
						.withDetail("error", status.lastFailure().getMessage());
				}
			}
			case FAILING -> failure(builder.down(), status);
		}
	}

	private static void failure(Health.Builder builder, CrayonTokenStatus status) {
		CrayonTokenException failure = status.lastFailure();
		builder.withDetail("error", failure.getMessage())
			.withDetail("reason", failure.getReason())
			.withDetail("transient", failure.isTransient())
			.withDetail("since", status.failingSince());
		if (failure.getStatusCode() != null) {
			builder.withDetail("status", failure.getStatusCode().value());
		}
	}

}
