package com.crayon.token;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps events below ERROR of the configured logger categories (and their children) off an appender, without
 * changing any logger's level: a test that captures everything at TRACE still sees them.
 */
public class ThirdPartyNoiseFilter extends Filter<ILoggingEvent> {

	private final List<String> categories = new ArrayList<>();

	public void addCategory(String category) {
		this.categories.add(category);
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
			return FilterReply.NEUTRAL;
		}
		String name = event.getLoggerName();
		for (String category : this.categories) {
			if (name.equals(category) || name.startsWith(category + ".")) {
				return FilterReply.DENY;
			}
		}
		return FilterReply.NEUTRAL;
	}

}
