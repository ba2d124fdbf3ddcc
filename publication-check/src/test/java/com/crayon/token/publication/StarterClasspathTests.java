package com.crayon.token.publication;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.sun.net.httpserver.HttpServer;
import io.netty.handler.codec.quic.Quic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's dependency closure, as a user gets it (this module depends on the starter
 * alone): no HTTP/3 native libraries, and token requests still go through Reactor Netty.
 */
class StarterClasspathTests {

	private static final List<String> CLASS_PATH = Arrays
		.asList(System.getProperty("java.class.path").split(System.getProperty("path.separator")));

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void classPathWhenStarterOnlyThenReactorNettyWithoutQuicNatives() {
		assertThat(CLASS_PATH).anyMatch((entry) -> entry.contains("reactor-netty-http"));
		assertThat(CLASS_PATH).anyMatch((entry) -> entry.contains("netty-codec-classes-quic"));
		assertThat(CLASS_PATH).noneMatch((entry) -> entry.contains("netty-codec-native-quic"));
		assertThat(Quic.isAvailable()).isFalse();
	}

	@Test
	void tokenWhenStarterOnlyThenReactorNettyFetchesIt() throws IOException {
		AtomicReference<String> userAgent = new AtomicReference<>();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/api/v1/connect/token", (exchange) -> {
			userAgent.set(exchange.getRequestHeaders().getFirst("User-Agent"));
			byte[] body = "{\"AccessToken\":\"starter-token\",\"TokenType\":\"Bearer\",\"ExpiresIn\":3600}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		CrayonTokenService tokens = CrayonClientRegistry.tokenService(CrayonClientSettings.of("http://127.0.0.1:" + this.server.getAddress().getPort()),
				CrayonCredentials.of("client", "secret", "user", "password"));
		assertThat(tokens.getToken().value()).isEqualTo("starter-token");
		assertThat(userAgent.get()).startsWith("ReactorNetty/");
	}

}
