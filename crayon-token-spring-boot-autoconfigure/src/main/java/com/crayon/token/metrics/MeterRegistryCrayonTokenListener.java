package com.crayon.token.metrics;

import com.crayon.token.CrayonTokenListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link CrayonTokenListener} that counts, per client, the tokens dropped after the Crayon API
 * rejected them: the counter {@code crayon.token.invalidations}. Clients registered at run time,
 * which may be thousands, are counted together under {@code crayon.client=registered}.
 */
public final class MeterRegistryCrayonTokenListener implements CrayonTokenListener {

	/** Name of the counter: {@value}. */
	public static final String INVALIDATIONS = "crayon.token.invalidations";

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

}
