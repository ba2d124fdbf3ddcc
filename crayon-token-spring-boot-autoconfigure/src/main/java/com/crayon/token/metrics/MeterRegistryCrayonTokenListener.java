package com.crayon.token.metrics;

import com.crayon.token.CrayonClientEvent;
import com.crayon.token.CrayonTokenListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link CrayonTokenListener} that counts, per client, the tokens dropped after the Crayon API
 * rejected them ({@code crayon.token.invalidations}) and the changes of credentials
 * ({@code crayon.client.credential.changes}), and keeps the {@code crayon.token.expiry} gauge of
 * each configured client as clients are configured and removed. Clients registered at run time,
 * which may be thousands, are counted together under {@code crayon.client=registered} and get no
 * gauge.
 */
public final class MeterRegistryCrayonTokenListener implements CrayonTokenListener {

	/** Name of the counter: {@value}. */
	public static final String INVALIDATIONS = "crayon.token.invalidations";

	/** Name of the counter of credential changes: {@value}. */
	public static final String CREDENTIAL_CHANGES = "crayon.client.credential.changes";

	private final MeterRegistry registry;

	/**
	 * Create a listener.
	 * @param registry where the counter goes
	 */
	public MeterRegistryCrayonTokenListener(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void tokenInvalidated(String clientName, boolean registeredAtRuntime) {
		Counter.builder(INVALIDATIONS)
			.description("Crayon API tokens dropped after the API rejected them with HTTP 401")
			.tag(CrayonTokenMetrics.CLIENT_TAG, registeredAtRuntime ? CrayonTokenMetrics.REGISTERED : clientName)
			.register(this.registry)
			.increment();
	}

	@Override
	public void clientChanged(CrayonClientEvent event) {
		switch (event.type()) {
			case REGISTERED -> {
				if (event.configured()) {
					CrayonTokenMetrics.expiryGauge(event.clientName(), event.tokens()).register(this.registry);
				}
			}
			case CREDENTIALS_CHANGED -> Counter.builder(CREDENTIAL_CHANGES)
				.description("Crayon clients given new credentials at run time")
				.tag(CrayonTokenMetrics.CLIENT_TAG,
						event.configured() ? event.clientName() : CrayonTokenMetrics.REGISTERED)
				.register(this.registry)
				.increment();
			case REMOVED -> {
				Gauge gauge = this.registry.find(CrayonTokenMetrics.EXPIRY)
					.tag(CrayonTokenMetrics.CLIENT_TAG, event.clientName())
					.gauge();
				if (gauge != null && event.configured()) {
					this.registry.remove(gauge);
				}
			}
			default -> {
			}
		}
	}

}
