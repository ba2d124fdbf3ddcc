package com.crayon.token;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what a logger (and its children) writes, at the given level, while open. The captured events of a
 * logger other than the root go to the capture only, not also to the console: the test asserts on them.
 */
public final class CapturedLogs implements AutoCloseable {

	private final Logger logger;

	private final Level previousLevel;

	private final boolean previousAdditivity;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	public CapturedLogs(String loggerName, Level level) {
		this.logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(loggerName);
		this.previousLevel = this.logger.getLevel();
		this.previousAdditivity = this.logger.isAdditive();
		this.logger.setLevel(level);
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setAdditive(false);
	}

	/** Return the captured events at the given level. */
	public List<String> at(Level level) {
		return events().stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	/** Return every captured event as it would be written: logger, level, message, stack trace. */
	public String everything() {
		return events().stream().map(CapturedLogs::render).collect(Collectors.joining("\n"));
	}

	public int size() {
		return events().size();
	}

	/** Copy the events under the appender's lock: other threads may still be logging. */
	private List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return new ArrayList<>(this.appender.list);
		}
	}

	private static String render(ILoggingEvent event) {
		IThrowableProxy throwable = event.getThrowableProxy();
		return event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
				+ ((throwable != null) ? "\n" + ThrowableProxyUtil.asString(throwable) : "");
	}

	@Override
	public void close() {
		this.logger.setAdditive(this.previousAdditivity);
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previousLevel);
	}

}
