package com.crayon.token.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Daemonized Redis processes of a test's own, from the installed {@code redis-server} and
 * {@code redis-cli}: free loopback ports (never 6379), commands, and stopping by pid file, each
 * wait bounded.
 */
final class RedisProcesses {

	/** Longest any wait for a Redis process lasts. */
	static final Duration BOUND = Duration.ofSeconds(30);

	private RedisProcesses() {
	}

	/**
	 * Fail unless {@code redis-server} and {@code redis-cli} are on the {@code PATH}.
	 * @param tests the tests that need them, for the message
	 */
	static void requireBinaries(String tests) {
		for (String name : List.of("redis-server", "redis-cli")) {
			String path = System.getenv("PATH");
			boolean found = path != null && Stream.of(path.split(File.pathSeparator))
				.anyMatch((directory) -> Files.isExecutable(Path.of(directory, name)));
			if (!found) {
				throw new IllegalStateException(name + " is not on the PATH: the " + tests + " tests need the "
						+ "redis-server and redis-cli binaries (Debian package redis-server)");
			}
		}
	}

	/**
	 * Return distinct free loopback ports below 55536, never 6379.
	 * @param count how many
	 * @param busPorts whether each port + 10000 (a cluster node's bus port) must be free too
	 * @return the ports
	 */
	static List<Integer> freePorts(int count, boolean busPorts) throws IOException {
		List<Integer> ports = new ArrayList<>();
		for (int attempt = 0; attempt < 1000 && ports.size() < count; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 55536);
			if (port != 6379 && !ports.contains(port) && free(port) && (!busPorts || free(port + 10000))) {
				ports.add(port);
			}
		}
		if (ports.size() < count) {
			throw new IOException("No " + count + " free loopback ports");
		}
		return ports;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Run a command that daemonizes a Redis process, and wait until it answers {@code PING}.
	 * @param port the process's port
	 * @param command the command
	 * @param folder where the process keeps its files, for the message
	 */
	static void start(int port, List<String> command, Path folder) throws IOException, InterruptedException {
		run(command);
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(command.get(0) + " did not start on port " + port + "; see " + folder);
			}
			Thread.sleep(50);
		}
	}

	/**
	 * Kill the process of a pid file (at once, as a crash would), and wait until its port no
	 * longer answers; nothing to do if it does not run.
	 * @param pidFile the pid file its {@code --pidfile} names
	 * @param port its port
	 */
	static void stop(Path pidFile, int port) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!Files.exists(pidFile) && cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("No pid file " + pidFile + " for the process on port " + port);
			}
			Thread.sleep(50);
		}
		if (!Files.exists(pidFile)) {
			return;
		}
		long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
		// not waiting for the exit itself: a daemon is no child of this JVM, and until init reaps it
		// (seconds, on some machines) ProcessHandle still sees it alive; its port closes at once
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		Files.deleteIfExists(pidFile);
		while (cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("The process on port " + port + " did not stop");
			}
			Thread.sleep(50);
		}
	}

	/**
	 * Run {@code redis-cli} against a port of the loopback address.
	 * @param port the port
	 * @param arguments the command and its arguments
	 * @return what it printed
	 */
	static String cli(int port, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(arguments));
		return run(command);
	}

	/**
	 * Run {@code redis-cli} like {@link #cli(int, String...)}, an empty answer if it fails.
	 * @param port the port
	 * @param arguments the command and its arguments
	 * @return what it printed, or an empty string
	 */
	static String cliQuietly(int port, String... arguments) throws InterruptedException {
		try {
			return cli(port, arguments);
		}
		catch (IOException | IllegalStateException ex) {
			return "";
		}
	}

	/**
	 * Run a command to its end, at most {@link #BOUND}.
	 * @param command the command
	 * @return what it printed, standard error included
	 */
	static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " did not finish within " + BOUND);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	/**
	 * Delete a folder and everything in it.
	 * @param folder the folder
	 */
	static void delete(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
