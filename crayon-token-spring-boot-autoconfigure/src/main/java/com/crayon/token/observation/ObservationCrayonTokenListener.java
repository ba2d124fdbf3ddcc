package com.crayon.token.observation;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link CrayonTokenListener} that makes each token request an {@link Observation}: a timer
 * through the registry's meter handler, and a span when tracing is on, the child of the waiting
 * caller's span (from its Reactor context, or its thread) or, for a background refresh, a root.
 */
public final class ObservationCrayonTokenListener implements CrayonTokenListener {

	private static final CrayonTokenRequestObservationConvention DEFAULT_CONVENTION = new DefaultCrayonTokenRequestObservationConvention();

	/** Where Micrometer keeps the current observation in a Reactor context ({@code ObservationThreadLocalAccessor.KEY}). */
	private static final String OBSERVATION_KEY = "micrometer.observation";

	private final ObservationRegistry registry;

	private final @Nullable CrayonTokenRequestObservationConvention convention;

	/**
	 * Create a listener.
	 * @param registry where observations go
	 * @param convention the convention to use instead of the default, or {@code null}
	 */
	public ObservationCrayonTokenListener(ObservationRegistry registry,
			@Nullable CrayonTokenRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Completion requestStarted(Request request) {
		CrayonTokenRequestContext context = new CrayonTokenRequestContext(request.clientName(),
				request.registeredAtRuntime(), request.trigger());
		Observation observation = CrayonTokenObservationDocumentation.TOKEN_REQUEST.observation(this.convention,
				DEFAULT_CONVENTION, () -> context, this.registry);
		if (request.trigger() == Trigger.REFRESH) {
			observation.parentObservation(null);
		}
		else if (request.callerContext().getOrDefault(OBSERVATION_KEY, null) instanceof Observation parent) {
			observation.parentObservation(parent);
		}
		observation.start();
		return new Completion() {

			@Override
			public void succeeded(CrayonAccessToken token, Source source) {
				context.succeeded(source);
				observation.stop();
			}

			@Override
			public void failed(CrayonTokenException failure) {
				context.failed(failure);
				observation.stop();
			}

			@Override
			public void cancelled() {
				context.cancelled();
				observation.stop();
			}

		};
	}

}
