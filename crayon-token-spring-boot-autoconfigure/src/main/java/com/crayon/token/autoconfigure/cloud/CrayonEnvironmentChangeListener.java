package com.crayon.token.autoconfigure.cloud;

import java.util.List;
import java.util.Locale;

import com.crayon.token.autoconfigure.CrayonClientsRebinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Rebinds the Crayon clients when an {@link EnvironmentChangeEvent} of this application context
 * names a {@code crayon.api.*} key, in any of the forms Spring Boot binds
 * ({@code crayon.api.password}, {@code CRAYON_API_PASSWORD}).
 */
final class CrayonEnvironmentChangeListener implements ApplicationListener<EnvironmentChangeEvent> {

	private static final Log logger = LogFactory.getLog(CrayonEnvironmentChangeListener.class);

	private static final String PREFIX = "crayon.api";

	private final ApplicationContext applicationContext;

	private final CrayonClientsRebinder rebinder;

	CrayonEnvironmentChangeListener(ApplicationContext applicationContext, CrayonClientsRebinder rebinder) {
		this.applicationContext = applicationContext;
		this.rebinder = rebinder;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		// as Spring Cloud's ConfigurationPropertiesRebinder: a child context's event reaches its parents too
		if (event.getSource() != this.applicationContext && event.getSource() != event.getKeys()) {
			return;
		}
		List<String> keys = event.getKeys().stream().filter(CrayonEnvironmentChangeListener::isCrayonApiKey).toList();
		if (keys.isEmpty()) {
			return;
		}
		logger.debug("Rebinding the Crayon clients: " + keys + " changed");
		this.rebinder.rebind(this.applicationContext.getEnvironment());
	}

	/**
	 * Return whether a key, as a property source names it, is one of {@code crayon.api.*}:
	 * dotted, dashed or camel case, or in the upper case and underscores of environment variables.
	 */
	static boolean isCrayonApiKey(String key) {
		String name = key.toLowerCase(Locale.ROOT).replace('_', '.');
		return name.equals(PREFIX) || name.startsWith(PREFIX + ".") || name.startsWith(PREFIX + "[");
	}

}
