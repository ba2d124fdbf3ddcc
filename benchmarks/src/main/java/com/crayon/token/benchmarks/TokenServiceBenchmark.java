package com.crayon.token.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonClientSettings;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.metrics.MeterRegistryCrayonTokenListener;
import com.crayon.token.observation.ObservationCrayonTokenListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

/**
 * Time to hand out a token that is already cached, in nanoseconds per call: the physical floor,
 * the Crayon token service (blocking and reactive), and Spring Security's authorized client
 * manager. Every method returns the token's value, which JMH consumes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@State(Scope.Benchmark)
public class TokenServiceBenchmark {

	private LocalApi api;

	private CrayonTokenService crayon;

	private CrayonTokenService crayonObserved;

	private ReactiveOAuth2AuthorizedClientManager springSecurity;

	private volatile FloorToken floorToken;

	@Setup(Level.Trial)
	public void setUp() {
		this.api = LocalApi.start();
		this.crayon = CrayonClientRegistry.tokenService(CrayonClientSettings.of(this.api.baseUrl()),
				CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"));
		this.crayonObserved = observedService(this.api);
		this.springSecurity = SpringSecurityClients.manager(this.api);
		CrayonAccessToken token = this.crayon.getToken();
		Checks.require(this.crayonObserved.getToken().value().equals(LocalApi.TOKEN),
				"Observed Crayon token service returned an unexpected token");
		OAuth2AuthorizedClient client = this.springSecurity.authorize(authorizeRequest()).block();
		Checks.require(token.value().equals(LocalApi.TOKEN), "Crayon token service returned an unexpected token");
		Checks.require(client != null && client.getAccessToken().getTokenValue().equals(LocalApi.TOKEN),
				"Spring Security returned an unexpected token");
		this.floorToken = new FloorToken(token.value(), System.nanoTime() + TimeUnit.HOURS.toNanos(1));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.api.closeAfterCheckingTokensWereCached(2);
	}

	/**
	 * The least any cache can do: read a volatile field holding the token and compare its expiry
	 * with {@code System.nanoTime()}.
	 * @return the token's value
	 */
	@Benchmark
	public String floor() {
		FloorToken token = this.floorToken;
		if (System.nanoTime() < token.expiresAtNanos) {
			return token.value;
		}
		throw new IllegalStateException("Floor token expired");
	}

	/**
	 * The blocking API, as code without Reactor calls it.
	 * @return the token's value
	 */
	@Benchmark
	public String crayonBlocking() {
		return this.crayon.getToken().value();
	}

	/**
	 * The blocking API of a service whose requests are observed and metered (an
	 * {@code ObservationRegistry} with Micrometer's meter handler, and the invalidation counter):
	 * a cached token must cost the same as without.
	 * @return the token's value
	 */
	@Benchmark
	public String crayonBlockingObserved() {
		return this.crayonObserved.getToken().value();
	}

	/**
	 * The reactive API, subscribed to as an operator would, completing during the subscription.
	 * @param subscriber this thread's reusable subscriber
	 * @return the token's value
	 */
	@Benchmark
	public String crayonReactive(SyncSubscriber subscriber) {
		this.crayon.token().subscribe(subscriber);
		return subscriber.<CrayonAccessToken>take().value();
	}

	/**
	 * Spring Security's manager, asked and subscribed to the same way.
	 * @param subscriber this thread's reusable subscriber
	 * @return the token's value
	 */
	@Benchmark
	public String springSecurityReactive(SyncSubscriber subscriber) {
		this.springSecurity.authorize(authorizeRequest()).subscribe(subscriber);
		return subscriber.<OAuth2AuthorizedClient>take().getAccessToken().getTokenValue();
	}

	private static CrayonTokenService observedService(LocalApi api) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return CrayonClientRegistry.builder()
			.listener(CrayonTokenListener.composite(List.of(new ObservationCrayonTokenListener(observations, null),
					new MeterRegistryCrayonTokenListener(meters))))
			.client("bench", CrayonClientSettings.of(api.baseUrl()),
					CrayonCredentials.of("bench-client", "bench-secret", "bench-user", "bench-password"))
			.build()
			.get("bench");
	}

	/**
	 * Return the question Spring Security's manager is asked, built per call as its own
	 * exchange filter function does.
	 */
	private static OAuth2AuthorizeRequest authorizeRequest() {
		return OAuth2AuthorizeRequest.withClientRegistrationId(SpringSecurityClients.REGISTRATION_ID)
			.principal("bench")
			.build();
	}

	/**
	 * A token and the {@code System.nanoTime()} at which it expires, published together.
	 */
	private static final class FloorToken {

		private final String value;

		private final long expiresAtNanos;

		FloorToken(String value, long expiresAtNanos) {
			this.value = value;
			this.expiresAtNanos = expiresAtNanos;
		}

	}

}
