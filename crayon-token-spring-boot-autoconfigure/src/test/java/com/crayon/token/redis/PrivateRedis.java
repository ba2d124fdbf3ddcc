package com.crayon.token.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@code redis-server} of a test's own, on a free port, that the test may stop and start
 * again; never the shared one on 6379.
 */
public final class PrivateRedis implements AutoCloseable {

	private final int port;

	private Process process;

	public PrivateRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		start();
	}

	public int port() {
		return this.port;
	}

	public void start() throws IOException {
		this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!answers()) {
			if (System.nanoTime() - deadline > 0 || !this.process.isAlive()) {
				throw new IllegalStateException("redis-server did not start on port " + this.port);
			}
			sleep(50);
		}
	}

	public void stop() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (answers() && System.nanoTime() - deadline < 0) {
			sleep(50);
		}
	}

	private boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[7];
			int read = in.read(buffer);
			return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
	}

}
