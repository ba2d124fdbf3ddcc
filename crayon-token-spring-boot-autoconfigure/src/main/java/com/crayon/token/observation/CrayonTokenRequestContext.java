package com.crayon.token.observation;

import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenListener;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the observation of one token request: the client, why the token is requested and,
 * once it has ended, how.
 */
public final class CrayonTokenRequestContext extends Observation.Context {

	private final String clientName;

	private final boolean registeredAtRuntime;

	private final CrayonTokenListener.Trigger trigger;

	private @Nullable String outcome;

	private CrayonTokenListener.@Nullable Source source;

	/**
	 * Create a context.
	 * @param clientName the client's name
	 * @param registeredAtRuntime whether the client was registered at run time
	 * @param trigger why the token is requested
	 */
	public CrayonTokenRequestContext(String clientName, boolean registeredAtRuntime,
			CrayonTokenListener.Trigger trigger) {
		this.clientName = clientName;
		this.registeredAtRuntime = registeredAtRuntime;
		this.trigger = trigger;
	}

	/**
	 * Return whether the client was registered at run time (there may be thousands of those).
	 * @return {@code true} for a client registered at run time
	 */
	public boolean isRegisteredAtRuntime() {
		return this.registeredAtRuntime;
	}

	/**
	 * Return the client's name.
	 * @return the name, {@code default} for the top-level client
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * Return why the token is requested.
	 * @return the trigger
	 */
	public CrayonTokenListener.Trigger getTrigger() {
		return this.trigger;
	}

	/**
	 * Return how the request ended.
	 * @return {@code success}, {@code credentials-rejected}, {@code server-error}, {@code timeout},
	 * {@code unreachable}, {@code invalid-response}, or {@code cancelled} when its client was
	 * closed, removed or given new credentials first; {@code null} while it runs
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Return where the token came from: the token endpoint, or a shared store that another
	 * instance filled (no request to the Crayon API then).
	 * @return the source; {@code null} while the request runs or when it failed
	 */
	public CrayonTokenListener.@Nullable Source getSource() {
		return this.source;
	}

	void succeeded(CrayonTokenListener.Source source) {
		this.outcome = "success";
		this.source = source;
	}

	void cancelled() {
		this.outcome = "cancelled";
	}

	void failed(CrayonTokenException failure) {
		this.outcome = failure.getReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		setError(failure);
	}

}
