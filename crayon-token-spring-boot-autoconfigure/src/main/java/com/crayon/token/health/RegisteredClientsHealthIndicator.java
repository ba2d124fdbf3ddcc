package com.crayon.token.health;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the clients registered at run time, summarised rather than listed (there may be
 * thousands): how many are in each state, and the names of a few failing ones. {@code DOWN} only
 * when every client that asked for a token is failing, so one partner's wrong password does not
 * mark the application down.
 */
public final class RegisteredClientsHealthIndicator extends AbstractHealthIndicator {

	/** Name under which the clients registered at run time are reported together: {@value}. */
	public static final String NAME = "registered";

	private static final int MAX_NAMES = 10;

	private final CrayonClientRegistry clients;

	/**
	 * Create an indicator.
	 * @param clients the clients
	 */
	public RegisteredClientsHealthIndicator(CrayonClientRegistry clients) {
		super("Crayon API registered clients health check failed");
		this.clients = clients;
	}

	/**
	 * Return whether any client has been registered at run time.
	 */
	boolean hasClients() {
		return this.clients.names().size() > this.clients.configuredNames().size();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<CrayonTokenStatus.State, Integer> counts = new EnumMap<>(CrayonTokenStatus.State.class);
		Map<String, String> failing = new TreeMap<>();
		for (String name : this.clients.names()) {
			CrayonTokenService service = this.clients.find(name);
			if (service == null || this.clients.configuredNames().contains(name)) {
				continue;
			}
			CrayonTokenStatus status = service.status();
			counts.merge(status.state(), 1, Integer::sum);
			if (status.state() == CrayonTokenStatus.State.FAILING && failing.size() < MAX_NAMES
					&& status.lastFailure() != null) {
				failing.put(name, status.lastFailure().getReason().name());
			}
		}
		int total = counts.values().stream().mapToInt(Integer::intValue).sum();
		int failingCount = counts.getOrDefault(CrayonTokenStatus.State.FAILING, 0);
		int usable = counts.getOrDefault(CrayonTokenStatus.State.USABLE, 0);
		if (total == 0) {
			builder.unknown();
		}
		else if (failingCount > 0 && usable == 0 && failingCount == total - counts.getOrDefault(CrayonTokenStatus.State.NOT_REQUESTED, 0)) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("registered", total);
		for (CrayonTokenStatus.State state : List.of(CrayonTokenStatus.State.values())) {
			builder.withDetail(state.name().toLowerCase(java.util.Locale.ROOT).replace("_", "-"),
					counts.getOrDefault(state, 0));
		}
		if (!failing.isEmpty()) {
			builder.withDetail("failingClients", failing);
		}
	}

}
