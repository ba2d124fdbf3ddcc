package com.crayon.token;

import java.time.Duration;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each test application context its own Reactor Netty event loops and connection pool,
 * in place of Boot's {@link ReactorResourceFactory} that shares (and, when the context closes,
 * disposes) Reactor Netty's global resources.
 *
 * <p>Disposing the global resources shuts the event loops down while their connection pool is
 * still closing its channels on them; Netty can drop a close task that arrives just as a loop
 * terminates, and the context's close then waits forever for the pool (a CI run hung there).
 * A factory with resources of its own disposes the pool first and the loops after it, so the
 * race cannot happen, and with no quiet period a closing context does not wait two seconds.
 * Register it with {@code runner.withBean(ReactorResourceFactory.class, ReactorResourcesPerContext::factory)}.
 */
public final class ReactorResourcesPerContext {

	private ReactorResourcesPerContext() {
	}

	/**
	 * Return a factory that creates the context's own loops and pool and disposes them in turn.
	 * @return the resource factory bean
	 */
	public static ReactorResourceFactory factory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setShutdownQuietPeriod(Duration.ZERO);
		return factory;
	}

}
