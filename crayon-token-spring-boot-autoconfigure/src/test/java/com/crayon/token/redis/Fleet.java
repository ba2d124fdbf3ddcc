package com.crayon.token.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application instances ({@link FleetInstance}), each in a JVM of its own started from the test
 * JVM's {@code java} and class path, told what to do on their standard input and heard on their
 * standard output. Every wait is bounded, and closing destroys whatever still runs.
 */
final class Fleet implements AutoCloseable {

	/** Longest a process may take to start its application, on a loaded machine. */
	private static final Duration START_BOUND = Duration.ofSeconds(90);

	/** Longest a process may take to answer a command. */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(60);

	private final List<Instance> instances;

	private Fleet(List<Instance> instances) {
		this.instances = instances;
	}

	/**
	 * Start the processes, all at once, and wait until each has started its application.
	 * @param count how many
	 * @param arguments the applications' {@code --key=value} arguments
	 * @return the started fleet
	 */
	static Fleet start(int count, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), FleetInstance.class.getName()));
		command.addAll(arguments);
		List<Instance> instances = new ArrayList<>();
		Fleet fleet = new Fleet(instances);
		try {
			for (int i = 0; i < count; i++) {
				instances.add(new Instance(i, new ProcessBuilder(command).redirectErrorStream(true).start()));
			}
			for (Instance instance : instances) {
				instance.await("started", START_BOUND);
			}
			return fleet;
		}
		catch (IOException | RuntimeException | Error ex) {
			fleet.close();
			throw ex;
		}
	}

	/**
	 * Return each process's start-up time, from creating its application to its context being
	 * ready (JVM start not included).
	 * @return the milliseconds, by process
	 */
	List<Long> startupMillis() {
		return this.instances.stream().map((instance) -> instance.values("started").get("startupMs")).toList();
	}

	/**
	 * Tell every process to start calling, one right after the other, and wait until each has
	 * made its first call.
	 */
	void go() {
		this.instances.forEach((instance) -> instance.tell("go"));
		this.instances.forEach((instance) -> instance.await("first", ANSWER_BOUND));
	}

	/**
	 * Return the tokens each process was handed so far, in the order it was handed them.
	 * @return the token values, by process
	 */
	List<List<String>> tokens() {
		return this.instances.stream()
			.map((instance) -> instance.lines("token").stream().map((line) -> line.substring("token ".length())).toList())
			.toList();
	}

	/**
	 * Return how many calls to the store failed so far, in all processes together: each one at
	 * most one token request that sharing would have saved.
	 * @return the number of failed store calls
	 */
	int storeFailures() {
		return storeFailuresByProcess().stream().mapToInt(Integer::intValue).sum();
	}

	/**
	 * Return how many calls to the store failed so far in each process.
	 * @return the numbers of failed store calls, by process
	 */
	List<Integer> storeFailuresByProcess() {
		return this.instances.stream().map((instance) -> instance.lines("storeFailure").size()).toList();
	}

	/**
	 * Tell every process to stop calling, and return what each counted.
	 * @return the counts, by process
	 */
	List<Map<String, Long>> stop() {
		this.instances.forEach((instance) -> instance.tell("stop"));
		List<Map<String, Long>> results = new ArrayList<>();
		for (Instance instance : this.instances) {
			instance.await("result", ANSWER_BOUND);
			results.add(instance.values("result"));
		}
		return results;
	}

	/**
	 * Return what every process wrote, for a failure message.
	 * @return the processes' output
	 */
	String output() {
		StringBuilder output = new StringBuilder();
		for (Instance instance : this.instances) {
			output.append("--- process ").append(instance.index).append(" ---\n");
			instance.output.forEach((line) -> output.append(line).append('\n'));
		}
		return output.toString();
	}

	@Override
	public void close() {
		for (Instance instance : this.instances) {
			instance.destroy();
		}
	}

	/**
	 * One process, its output read line by line on a thread of its own.
	 */
	private static final class Instance {

		private final int index;

		private final Process process;

		private final List<String> output = new CopyOnWriteArrayList<>();

		private final Thread reader;

		Instance(int index, Process process) {
			this.index = index;
			this.process = process;
			this.reader = new Thread(this::read, "fleet-output-" + index);
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				this.output.add("(output unreadable: " + ex + ")");
			}
		}

		void tell(String command) {
			try {
				OutputStream input = this.process.getOutputStream();
				input.write((command + "\n").getBytes(StandardCharsets.UTF_8));
				input.flush();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Process " + this.index + " no longer listens: " + this.output, ex);
			}
		}

		/**
		 * Return the lines of a kind the process wrote for the test, without the prefix.
		 */
		List<String> lines(String kind) {
			return this.output.stream()
				.filter((line) -> line.startsWith(FleetInstance.PREFIX + kind + " "))
				.map((line) -> line.substring(FleetInstance.PREFIX.length()))
				.toList();
		}

		/**
		 * Return the {@code key=value} pairs with numbers in the last line of a kind.
		 */
		Map<String, Long> values(String kind) {
			List<String> lines = lines(kind);
			Map<String, Long> values = new LinkedHashMap<>();
			for (String pair : lines.get(lines.size() - 1).split(" ")) {
				int equals = pair.indexOf('=');
				if (equals > 0 && pair.substring(equals + 1).matches("\\d+")) {
					values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
				}
			}
			return values;
		}

		void await(String kind, Duration bound) {
			long deadline = System.nanoTime() + bound.toNanos();
			try {
				while (lines(kind).isEmpty()) {
					if (!this.process.isAlive()) {
						// what it wrote before exiting may still be on its way
						this.reader.join(TimeUnit.SECONDS.toMillis(10));
						assertThat(lines(kind)).as("process %d exited (exit value %d) before '%s':%n%s", this.index,
								this.process.exitValue(), kind, String.join("\n", this.output))
							.isNotEmpty();
						return;
					}
					assertThat(System.nanoTime() - deadline)
						.as("process %d wrote '%s' within %s:%n%s", this.index, kind, bound,
								String.join("\n", this.output))
						.isNegative();
					Thread.sleep(50);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		void destroy() {
			if (!this.process.isAlive()) {
				return;
			}
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
