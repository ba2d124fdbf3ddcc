package com.crayon.token.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.autoconfigure.CrayonTokenAutoConfiguration;
import com.crayon.token.autoconfigure.redis.CrayonRedisTokenStoreAutoConfiguration;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One application instance of a fleet, run in a JVM of its own by {@link Fleet}: a minimal Spring
 * Boot application with the token service and its Redis store, configured by the command line's
 * {@code --key=value} arguments, that calls {@link CrayonTokenService#getToken()} in a loop.
 *
 * <p>It talks to the test on standard input and output. It prints {@code FLEET started} with its
 * start-up time, starts calling on {@code go}, prints {@code FLEET first} after its first call,
 * {@code FLEET token} whenever it is handed another token and {@code FLEET storeFailure} whenever
 * a call to the store fails, and on {@code stop} (or when its
 * input closes, or after {@link #LONGEST_RUN}) prints {@code FLEET result} with its counts as
 * {@code key=value} pairs and exits. The token service's and the store's DEBUG lines and
 * Lettuce's INFO lines go to the output as {@code FLEET log}, for a failing test to show.
 */
public final class FleetInstance {

	/** Prefix of every line meant for the test. */
	static final String PREFIX = "FLEET ";

	/** Longest an instance calls, whatever the test says: it never outlives a test that died. */
	private static final Duration LONGEST_RUN = Duration.ofMinutes(3);

	/** Pause between two calls, so that three instances leave the machine's cores to Redis and the test. */
	private static final Duration PAUSE = Duration.ofMillis(10);

	private final CrayonTokenService tokenService;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong slowestCallNanos = new AtomicLong();

	private volatile boolean stopped;

	private FleetInstance(CrayonTokenService tokenService) {
		this.tokenService = tokenService;
	}

	public static void main(String[] args) throws Exception {
		Counts counts = new Counts();
		long started = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.initializers((applicationContext) -> {
				// the application's logging is set up by now, and no bean is created yet
				counts.attach();
				applicationContext.getBeanFactory().registerSingleton("fleetCounts", counts);
			})
			.run(args);
		long startupMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
		long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
		print("started startupMs=" + startupMs + " uptimeMs=" + uptimeMs);
		FleetInstance instance = new FleetInstance(context.getBean(CrayonTokenService.class));
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try {
			if ("go".equals(commands.readLine())) {
				Thread caller = new Thread(instance::call, "fleet-caller");
				caller.start();
				awaitStop(commands);
				instance.stopped = true;
				caller.join(Duration.ofMinutes(1).toMillis());
			}
			print("result calls=" + instance.calls + " failures=" + instance.failures + " startupMs=" + startupMs
					+ " uptimeMs=" + uptimeMs + " slowestCallMs="
					+ Duration.ofNanos(instance.slowestCallNanos.get()).toMillis() + " " + counts);
		}
		finally {
			context.close();
		}
		System.exit(0);
	}

	private static void awaitStop(BufferedReader commands) {
		try {
			String command;
			do {
				command = commands.readLine();
			}
			while (command != null && !command.equals("stop"));
		}
		catch (IOException ex) {
			// the test is gone: stop as if told to
		}
	}

	private void call() {
		long deadline = System.nanoTime() + LONGEST_RUN.toNanos();
		String last = null;
		while (!this.stopped && System.nanoTime() - deadline < 0) {
			long start = System.nanoTime();
			String value = null;
			try {
				value = this.tokenService.getToken().value();
			}
			catch (RuntimeException ex) {
				if (this.failures.incrementAndGet() <= 5) {
					print("failure " + ex);
				}
			}
			long took = System.nanoTime() - start;
			this.slowestCallNanos.accumulateAndGet(took, Math::max);
			if (this.calls.incrementAndGet() == 1) {
				print("first ms=" + Duration.ofNanos(took).toMillis() + " failed=" + (value == null));
			}
			if (value != null && !value.equals(last)) {
				print("token " + value);
				last = value;
			}
			try {
				Thread.sleep(PAUSE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void print(String line) {
		synchronized (System.out) {
			System.out.println(PREFIX + line);
			System.out.flush();
		}
	}

	/**
	 * What the instance learns as the token service's listener and from the store's log: token
	 * requests it sent itself, tokens it took from the store, and the store's failures (each one
	 * a call that fell back to the token endpoint or a write that was skipped), counted from the
	 * store's {@code RedisAvailability} lines: WARN for the first failure of an outage, DEBUG for
	 * each further one, INFO when Redis answers again.
	 */
	static final class Counts extends AppenderBase<ILoggingEvent> implements CrayonTokenListener {

		private final AtomicLong ownRequests = new AtomicLong();

		private final AtomicLong sharedTokens = new AtomicLong();

		private final AtomicLong storeFailures = new AtomicLong();

		private final AtomicLong outages = new AtomicLong();

		private final AtomicLong recoveries = new AtomicLong();

		/**
		 * Count the store's availability lines, and copy the token service's, the store's and
		 * Lettuce's lines to the output.
		 */
		void attach() {
			LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
			Logger availability = loggers.getLogger(RedisAvailability.class.getName());
			availability.setLevel(Level.DEBUG);
			setContext(loggers);
			start();
			availability.addAppender(this);
			Copy copy = new Copy();
			copy.setContext(loggers);
			copy.start();
			Logger crayon = loggers.getLogger("com.crayon.token");
			crayon.setLevel(Level.DEBUG);
			crayon.addAppender(copy);
			Logger lettuce = loggers.getLogger("io.lettuce");
			lettuce.setLevel(Level.INFO);
			lettuce.addAppender(copy);
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel() == Level.WARN) {
				this.outages.incrementAndGet();
				storeFailed();
			}
			else if (event.getLevel() == Level.DEBUG && event.getFormattedMessage().contains("still unavailable")) {
				storeFailed();
			}
			else if (event.getLevel() == Level.INFO) {
				this.recoveries.incrementAndGet();
			}
		}

		private void storeFailed() {
			print("storeFailure " + this.storeFailures.incrementAndGet());
		}

		@Override
		public Completion requestStarted(Request request) {
			return new Completion() {

				@Override
				public void succeeded(CrayonAccessToken token, Source source) {
					((source == Source.STORE) ? Counts.this.sharedTokens : Counts.this.ownRequests).incrementAndGet();
				}

			};
		}

		@Override
		public String toString() {
			return "ownRequests=" + this.ownRequests + " sharedTokens=" + this.sharedTokens + " storeFailures="
					+ this.storeFailures + " outages=" + this.outages + " recoveries=" + this.recoveries;
		}

	}

	/**
	 * Copies log lines to the output, with their time and thread.
	 */
	private static final class Copy extends AppenderBase<ILoggingEvent> {

		@Override
		protected void append(ILoggingEvent event) {
			IThrowableProxy failure = event.getThrowableProxy();
			print("log " + Instant.ofEpochMilli(event.getTimeStamp()) + " [" + event.getThreadName() + "] "
					+ event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
					+ ((failure != null) ? " " + failure.getClassName() + ": " + failure.getMessage() : ""));
		}

	}

	/**
	 * The application: the auto-configurations of the store's cluster tests.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			CodecsAutoConfiguration.class, DataRedisAutoConfiguration.class,
			CrayonRedisTokenStoreAutoConfiguration.class, CrayonTokenAutoConfiguration.class })
	static class Application {

	}

}
