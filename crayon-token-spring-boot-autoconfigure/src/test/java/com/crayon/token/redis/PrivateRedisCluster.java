package com.crayon.token.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static com.crayon.token.redis.RedisProcesses.cli;
import static com.crayon.token.redis.RedisProcesses.cliQuietly;

/**
 * A Redis Cluster of a test's own: three masters from the installed {@code redis-server} on free
 * loopback ports (their cluster bus ports free too), whose masters the test may stop and start
 * again; never the shared Redis on 6379.
 */
public final class PrivateRedisCluster implements AutoCloseable {

	private static final int MASTERS = 3;

	private final Path directory;

	private final List<Integer> ports;

	public PrivateRedisCluster() throws IOException, InterruptedException {
		RedisProcesses.requireBinaries("Redis Cluster");
		this.directory = Files.createTempDirectory("crayon-redis-cluster");
		this.ports = RedisProcesses.freePorts(MASTERS, true);
		try {
			for (int port : this.ports) {
				launch(port);
			}
			List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			this.ports.forEach((port) -> command.add("127.0.0.1:" + port));
			command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			String created = RedisProcesses.run(command);
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
		launch(port);
		for (int each : this.ports) {
			awaitState(each, "cluster_state:ok");
		}
	}

	private void launch(int port) throws IOException, InterruptedException {
		Path node = this.directory.resolve(Integer.toString(port));
		Files.createDirectories(node);
		RedisProcesses.start(port, List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--cluster-enabled", "yes", "--cluster-config-file", node.resolve("nodes.conf").toString(),
				"--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", node.toString(),
				"--daemonize", "yes", "--pidfile", node.resolve("redis.pid").toString()), node);
	}

	private void kill(int port) throws IOException, InterruptedException {
		RedisProcesses.stop(this.directory.resolve(Integer.toString(port)).resolve("redis.pid"), port);
	}

	private void awaitState(int port, String state) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + RedisProcesses.BOUND.toNanos();
		while (!cliQuietly(port, "cluster", "info").contains(state)) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("The node on port " + port + " did not reach " + state);
			}
			Thread.sleep(100);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		for (int port : this.ports) {
			kill(port);
		}
		RedisProcesses.delete(this.directory);
	}

}
