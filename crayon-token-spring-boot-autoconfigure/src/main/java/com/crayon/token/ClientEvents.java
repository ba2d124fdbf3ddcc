package com.crayon.token;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells what happened to a client: first its own token service (which cancels its token request
 * and clears its token, and on removal or new credentials its entry in the store), then every
 * listener. A token service of the application's own is closed when its client is removed or
 * closed, if it can be.
 */
final class ClientEvents {

	private static final Log logger = LogFactory.getLog(ClientEvents.class);

	private final CrayonTokenListener listener;

	ClientEvents(CrayonTokenListener listener) {
		this.listener = listener;
	}

	/**
	 * Tell the client's token service and every listener.
	 * @param event what happened
	 * @param built the client's token service if the registry built it, else {@code null}
	 */
	void publish(CrayonClientEvent event, @Nullable ClientTokenService built) {
		if (built != null) {
			built.clientChanged(event);
		}
		else if ((event.type() == CrayonClientEvent.Type.CLOSED || event.type() == CrayonClientEvent.Type.REMOVED)
				&& event.tokens() instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Could not close the token service of Crayon client '" + event.clientName() + "'", ex);
			}
		}
		CompositeCrayonTokenListener.safely(() -> this.listener.clientChanged(event));
	}

}
