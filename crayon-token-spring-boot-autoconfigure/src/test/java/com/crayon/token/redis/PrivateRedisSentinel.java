package com.crayon.token.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.crayon.token.redis.RedisProcesses.cli;
import static com.crayon.token.redis.RedisProcesses.cliQuietly;

/**
 * A Redis Sentinel setup of a test's own: a master, its replica and three sentinels (quorum two)
 * from the installed {@code redis-server} on free loopback ports, which notice a stopped master
 * within a second and promote the replica within a few; never the shared Redis on 6379.
 */
public final class PrivateRedisSentinel implements AutoCloseable {

	/** Name the sentinels monitor the master by, as {@code spring.data.redis.sentinel.master} takes it. */
	public static final String MASTER_NAME = "crayon";

	private static final int SENTINELS = 3;

	private static final int QUORUM = 2;

	private final Path directory;

	/** The first master and its replica. */
	private final List<Integer> servers;

	private final List<Integer> sentinels;

	public PrivateRedisSentinel() throws IOException, InterruptedException {
		RedisProcesses.requireBinaries("Redis Sentinel");
		this.directory = Files.createTempDirectory("crayon-redis-sentinel");
		List<Integer> ports = RedisProcesses.freePorts(2 + SENTINELS, false);
		this.servers = ports.subList(0, 2);
		this.sentinels = ports.subList(2, ports.size());
		try {
			int master = this.servers.get(0);
			int replica = this.servers.get(1);
			startServer(master, List.of());
			startServer(replica, List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
			// known to the sentinels from their first look at the master, so that they can promote it
			awaitUntil("the replica on port " + replica + " to follow its master",
					() -> cliQuietly(replica, "info", "replication").contains("master_link_status:up"));
			for (int sentinel : this.sentinels) {
				startSentinel(sentinel, master);
			}
			for (int sentinel : this.sentinels) {
				awaitUntil("the sentinel on port " + sentinel + " to know the replica and the other sentinels", () -> {
					Map<String, String> state = fields(cliQuietly(sentinel, "sentinel", "master", MASTER_NAME));
					return "1".equals(state.get("num-slaves"))
							&& Integer.toString(SENTINELS - 1).equals(state.get("num-other-sentinels"));
				});
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Return the sentinels as {@code spring.data.redis.sentinel.nodes} takes them.
	 * @return {@code 127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3}
	 */
	public String nodes() {
		return this.sentinels.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/**
	 * Return the port of the current master (on 127.0.0.1), as the first sentinel that answers
	 * names it.
	 * @return the master's port
	 */
	public int masterPort() throws InterruptedException {
		for (int sentinel : this.sentinels) {
			int master = masterNamedBy(sentinel);
			if (master > 0) {
				return master;
			}
		}
		throw new IllegalStateException("No sentinel names the master " + MASTER_NAME);
	}

	/**
	 * Return whether a server of this setup holds a key.
	 * @param port the server's port
	 * @param key the key
	 * @return whether it exists there
	 */
	public boolean exists(int port, String key) throws IOException, InterruptedException {
		return cli(port, "exists", key).trim().equals("1");
	}

	/**
	 * Stop the current master at once, as a crash would; the sentinels notice it within a
	 * second and then promote the replica.
	 * @return the stopped master's port
	 */
	public int stopMaster() throws IOException, InterruptedException {
		int master = masterPort();
		RedisProcesses.stop(pidFile(master), master);
		return master;
	}

	/**
	 * Wait until every sentinel names another master than the stopped one and that server
	 * acts as master.
	 * @param stopped the stopped master's port
	 * @return the new master's port
	 */
	public int awaitFailover(int stopped) throws InterruptedException {
		int promoted = this.servers.get((this.servers.indexOf(stopped) + 1) % this.servers.size());
		awaitUntil("the sentinels to promote the server on port " + promoted, () -> {
			for (int sentinel : this.sentinels) {
				if (masterNamedBy(sentinel) != promoted) {
					return false;
				}
			}
			return cliQuietly(promoted, "info", "replication").contains("role:master");
		});
		return promoted;
	}

	/**
	 * Return the port of the master a sentinel names, or {@code -1} if it does not answer.
	 */
	private static int masterNamedBy(int sentinel) throws InterruptedException {
		String[] address = cliQuietly(sentinel, "sentinel", "get-master-addr-by-name", MASTER_NAME).trim()
			.split("\\s+");
		return (address.length == 2 && address[1].matches("[0-9]+")) ? Integer.parseInt(address[1]) : -1;
	}

	private void startServer(int port, List<String> arguments) throws IOException, InterruptedException {
		Path folder = folder(port);
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0", "--dir",
				folder.toString(), "--daemonize", "yes", "--pidfile", pidFile(port).toString()));
		command.addAll(arguments);
		RedisProcesses.start(port, command, folder);
	}

	private void startSentinel(int port, int master) throws IOException, InterruptedException {
		Path folder = folder(port);
		// each sentinel rewrites its own file with what it learns
		Path config = folder.resolve("sentinel.conf");
		Files.writeString(config, """
				port %d
				bind 127.0.0.1
				daemonize yes
				pidfile %s
				dir %s
				sentinel monitor %s 127.0.0.1 %d %d
				sentinel down-after-milliseconds %s 1000
				sentinel failover-timeout %s 3000
				""".formatted(port, pidFile(port), folder, MASTER_NAME, master, QUORUM, MASTER_NAME, MASTER_NAME),
				StandardCharsets.US_ASCII);
		RedisProcesses.start(port, List.of("redis-server", config.toString(), "--sentinel"), folder);
	}

	private Path folder(int port) throws IOException {
		return Files.createDirectories(this.directory.resolve(Integer.toString(port)));
	}

	private Path pidFile(int port) {
		return this.directory.resolve(Integer.toString(port)).resolve("redis.pid");
	}

	/**
	 * Parse the field-value lines {@code redis-cli} prints for a map answer.
	 */
	private static Map<String, String> fields(String answer) {
		String[] lines = answer.split("\n");
		Map<String, String> fields = new HashMap<>();
		for (int i = 0; i + 1 < lines.length; i += 2) {
			fields.put(lines[i].trim(), lines[i + 1].trim());
		}
		return fields;
	}

	private static void awaitUntil(String what, Condition condition) throws InterruptedException {
		long deadline = System.nanoTime() + RedisProcesses.BOUND.toNanos();
		while (!condition.holds()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Waited " + RedisProcesses.BOUND + " in vain for " + what);
			}
			Thread.sleep(100);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		for (int port : this.sentinels) {
			RedisProcesses.stop(pidFile(port), port);
		}
		for (int port : this.servers) {
			RedisProcesses.stop(pidFile(port), port);
		}
		RedisProcesses.delete(this.directory);
	}

	@FunctionalInterface
	private interface Condition {

		boolean holds() throws InterruptedException;

	}

}
