package com.crayon.token.metrics;

import java.util.Map;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a gauge {@code crayon.token.expiry} per configured client: seconds until its cached token
 * expires, {@code NaN} (which most registries do not publish) while it has none. Clients
 * registered at run time get no gauge of their own: there may be thousands.
 */
public final class CrayonTokenMetrics implements MeterBinder {

	/** Name of the gauge: {@value}. */
	public static final String EXPIRY = "crayon.token.expiry";

	/** Name of the tag that names the client: {@value}. */
	public static final String CLIENT_TAG = "crayon.client";

	/** Tag value of every client registered at run time: {@value}. */
	public static final String REGISTERED = "registered";

	private final Map<String, CrayonTokenService> services;

	/**
	 * Create the metrics of the given clients.
	 * @param services the token service of each client, by name
	 */
	public CrayonTokenMetrics(Map<String, CrayonTokenService> services) {
		this.services = Map.copyOf(services);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.services.forEach((name, service) -> expiryGauge(name, service).register(registry));
	}

	/**
	 * Return the gauge of a client's token expiry, to register.
	 * @param name the client's name
	 * @param service its token service
	 * @return the gauge's builder
	 */
	static Gauge.Builder<CrayonTokenService> expiryGauge(String name, CrayonTokenService service) {
		return Gauge.builder(EXPIRY, service, CrayonTokenMetrics::expiresInSeconds)
			.description("Seconds until the cached Crayon API token expires")
			.baseUnit("seconds")
			.tag(CLIENT_TAG, name)
			.strongReference(true);
	}

	private static double expiresInSeconds(CrayonTokenService service) {
		CrayonTokenStatus status = service.status();
		return (status.expiresIn() != null) ? status.expiresIn().toMillis() / 1000.0 : Double.NaN;
	}

}
