package com.crayon.token.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonTokenServices;
import reactor.core.publisher.Flux;

/**
 * Measures the heap a client registered at run time costs, with 10,000 of them: registered, and
 * then holding a cached token. Not a JMH benchmark: run it with
 * {@code java -cp benchmarks/target/benchmarks.jar com.crayon.token.benchmarks.RegistryFootprint}.
 *
 * <p>Heap in use is read after repeated full collections, before and after each step; each
 * client's credentials are four distinct strings, as they would be when read from a database.
 * The token's own characters (one byte each, compact strings) are subtracted from the per-client
 * cost of a cached token, as the question is what the cache adds.
 */
public final class RegistryFootprint {

	private static final int CLIENTS = 10_000;

	private RegistryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		try (LocalApi api = LocalApi.start()) {
			CrayonTokenServices clients = CrayonTokenServices.builder()
				.defaults(CrayonTokenService.builder().baseUrl(api.baseUrl()))
				.build();
			List<CrayonCredentials> credentials = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				credentials.add(CrayonCredentials.of("client-" + i, "secret-" + i, "user-" + i, "password-" + i));
			}
			// warm up the token path once, so its classes and shared objects are not counted
			clients.register("warm-up", CrayonCredentials.of("w", "w", "w", "w")).getToken();
			long empty = usedHeap();
			for (int i = 0; i < CLIENTS; i++) {
				clients.register("partner-" + i, credentials.get(i));
			}
			long registered = usedHeap();
			List<String> names = new ArrayList<>(clients.names());
			Flux.fromIterable(names)
				.flatMap((name) -> clients.get(name).token(), 64)
				.then()
				.block(Duration.ofMinutes(5));
			long cached = usedHeap();
			Checks.require(api.crayonTokenRequests() == CLIENTS + 1, "expected one token request per client, got "
					+ api.crayonTokenRequests());
			double perRegistration = (registered - empty) / (double) CLIENTS;
			double perToken = (cached - registered) / (double) CLIENTS - LocalApi.TOKEN.length();
			System.out.printf("clients: %d, token length: %d characters%n", CLIENTS, LocalApi.TOKEN.length());
			System.out.printf("registered client (its name, service, credentials object, map entry; the credential strings are the application's): %.0f bytes%n",
					perRegistration);
			System.out.printf("cached token beyond its own characters (cache entry, slot, token object): %.0f bytes%n",
					perToken);
			System.out.printf("total per cached client beyond the token's characters: %.0f bytes%n",
					perRegistration + perToken);
			System.out.println("(" + clients.names().size() + " clients still referenced)");
		}
	}

	private static long usedHeap() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
		}
		return used;
	}

}
