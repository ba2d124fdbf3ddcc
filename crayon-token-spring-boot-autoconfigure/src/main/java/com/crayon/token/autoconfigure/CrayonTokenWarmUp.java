package com.crayon.token.autoconfigure;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonClientRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Requests the first token of every configured client once the application has started (its web server included, so a
 * token endpoint served by the application itself answers), without holding up start-up: a
 * failure is logged once by the token service and reported by health, and the application runs
 * on.
 */
final class CrayonTokenWarmUp implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CrayonTokenWarmUp.class);

	private final CrayonClientRegistry clients;

	private volatile boolean running;

	CrayonTokenWarmUp(CrayonClientRegistry clients) {
		this.clients = clients;
	}

	@Override
	public void start() {
		this.running = true;
		for (String name : this.clients.configuredNames()) {
			this.clients.get(name)
				.token()
				.subscribe((token) -> logger.info("Fetched the first Crayon API token of client '" + name
						+ "' at start-up: " + token),
						(ex) -> logger.debug("No Crayon API token for client '" + name + "' at start-up"
								+ ((ex instanceof CrayonTokenException) ? " (logged above)" : ": " + ex)));
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start last, after the web server.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
