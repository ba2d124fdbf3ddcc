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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of a test's own: three masters from the installed {@code redis-server} on free
 * loopback ports (their cluster bus ports free too), whose masters the test may stop and start
 * again; never the shared Redis on 6379.
 */
public final class PrivateRedisCluster implements AutoCloseable {

	private static final int MASTERS = 3;

	private static final Duration BOUND = Duration.ofSeconds(30);

	private final Path directory;

	private final List<Integer> ports;

	public PrivateRedisCluster() throws IOException, InterruptedException {
		requireBinary("redis-server");
		requireBinary("redis-cli");
		this.directory = Files.createTempDirectory("crayon-redis-cluster");
		this.ports = freePorts();
		try {
			for (int port : this.ports) {
				start(port, false);
			}
			List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			this.ports.forEach((port) -> command.add("127.0.0.1:" + port));
			command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			String created = run(command);
			if (!created.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed: " + created);
			}
			for (int port : this.ports) {
				awaitState(port, "cluster_state:ok");
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Return the masters' ports.
	 * @return the ports
	 */
	public List<Integer> ports() {
		return this.ports;
	}

	/**
	 * Return the masters as {@code spring.data.redis.cluster.nodes} takes them.
	 * @return {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}
	 */
	public String nodes() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * Return the port of the master that serves a key's hash slot.
	 * @param key the key
	 * @return the master's port
	 */
	public int masterOf(String key) throws IOException, InterruptedException {
		int slot = Integer.parseInt(cli(this.ports.get(0), "cluster", "keyslot", key).trim());
		for (String line : cli(this.ports.get(0), "cluster", "nodes").split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 9 || !fields[2].contains("master")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
				if (slot >= from && slot <= to) {
					return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
				}
			}
		}
		throw new IllegalStateException("No master serves slot " + slot);
	}

	/**
	 * Return whether a key exists in the cluster.
	 * @param key the key
	 * @return whether the master of its slot holds it
	 */
	public boolean exists(String key) throws IOException, InterruptedException {
		return cli(masterOf(key), "exists", key).trim().equals("1");
	}

	/**
	 * Stop a master; the other masters see the cluster fail once they notice.
	 * @param port the master's port
	 */
	public void stop(int port) throws IOException, InterruptedException {
		kill(port);
	}

	/**
	 * Start a stopped master again, with its nodes.conf, and wait until the cluster is whole.
	 * @param port the master's port
	 */
	public void start(int port) throws IOException, InterruptedException {
		start(port, true);
		for (int each : this.ports) {
			awaitState(each, "cluster_state:ok");
		}
	}

	private void start(int port, boolean restart) throws IOException, InterruptedException {
		Path node = this.directory.resolve(Integer.toString(port));
		Files.createDirectories(node);
		run(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--cluster-enabled",
				"yes", "--cluster-config-file", node.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000",
				"--save", "", "--appendonly", "no", "--dir", node.toString(), "--daemonize", "yes", "--pidfile",
				node.resolve("redis.pid").toString()));
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("redis-server did not start on port " + port
						+ (restart ? " again" : "") + "; see " + node);
			}
			Thread.sleep(50);
		}
	}

	private void kill(int port) throws IOException, InterruptedException {
		Path pidFile = this.directory.resolve(Integer.toString(port)).resolve("redis.pid");
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!Files.exists(pidFile) && cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("No pid file for the node on port " + port);
			}
			Thread.sleep(50);
		}
		if (!Files.exists(pidFile)) {
			return;
		}
		long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
		ProcessHandle.of(pid).ifPresent((process) -> {
			process.destroyForcibly();
			process.onExit().orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS).join();
		});
		Files.deleteIfExists(pidFile);
		while (cliQuietly(port, "ping").contains("PONG")) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("The node on port " + port + " did not stop");
			}
			Thread.sleep(50);
		}
	}

	private void awaitState(int port, String state) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!cliQuietly(port, "cluster", "info").contains(state)) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("The node on port " + port + " did not reach " + state);
			}
			Thread.sleep(100);
		}
	}

	private String cli(int port, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(arguments));
		return run(command);
	}

	private String cliQuietly(int port, String... arguments) throws InterruptedException {
		try {
			return cli(port, arguments);
		}
		catch (IOException | IllegalStateException ex) {
			return "";
		}
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " did not finish within " + BOUND);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static void requireBinary(String name) {
		String path = System.getenv("PATH");
		boolean found = path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, name)));
		if (!found) {
			throw new IllegalStateException(name + " is not on the PATH: the Redis Cluster tests need the "
					+ "redis-server and redis-cli binaries (Debian package redis-server)");
		}
	}

	/**
	 * Return three free loopback ports below 55536 whose cluster bus ports (+10000) are free too.
	 */
	private static List<Integer> freePorts() throws IOException {
		List<Integer> ports = new ArrayList<>();
		for (int attempt = 0; attempt < 1000 && ports.size() < MASTERS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 55536);
			if (port != 6379 && !ports.contains(port) && free(port) && free(port + 10000)) {
				ports.add(port);
			}
		}
		if (ports.size() < MASTERS) {
			throw new IOException("No free loopback ports for a Redis Cluster");
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

	@Override
	public void close() throws IOException, InterruptedException {
		for (int port : this.ports) {
			kill(port);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
