package com.crayon.token.health;

import java.util.stream.Stream;

import com.crayon.token.CrayonClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * Health of several Crayon clients: one {@link CrayonTokenHealthIndicator} per configured client,
 * and, once clients are registered at run time, a {@code registered} entry that summarises them.
 */
public final class CrayonClientsHealthContributor implements CompositeHealthContributor {

	/** Name of the entry that summarises the clients registered at run time: {@value}. */
	public static final String REGISTERED = RegisteredClientsHealthIndicator.NAME;

	private final CrayonClientRegistry clients;

	private final RegisteredClientsHealthIndicator registered;

	/**
	 * Create a contributor.
	 * @param clients the clients
	 */
	public CrayonClientsHealthContributor(CrayonClientRegistry clients) {
		this.clients = clients;
		this.registered = new RegisteredClientsHealthIndicator(clients);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		if (REGISTERED.equals(name)) {
			return this.registered.hasClients() ? this.registered : null;
		}
		return this.clients.configuredNames().contains(name) ? new CrayonTokenHealthIndicator(this.clients.get(name))
				: null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		Stream<HealthContributors.Entry> configured = this.clients.configuredNames()
			.stream()
			.map((name) -> new HealthContributors.Entry(name, new CrayonTokenHealthIndicator(this.clients.get(name))));
		return this.registered.hasClients()
				? Stream.concat(configured, Stream.of(new HealthContributors.Entry(REGISTERED, this.registered)))
				: configured;
	}

}
