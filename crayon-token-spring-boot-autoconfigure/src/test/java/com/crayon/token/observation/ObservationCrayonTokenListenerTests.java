package com.crayon.token.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import com.crayon.token.CrayonTokenException;
import com.crayon.token.CrayonTokenListener;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.CrayonTokenStatus;
import com.crayon.token.CrayonTokenStore;
import com.crayon.token.MutableClock;
import com.crayon.token.TokenEndpoint;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Token requests observed through a real {@link ObservationRegistry} whose meter handler feeds a
 * {@link SimpleMeterRegistry}: one timer sample per request, with the client, the trigger and the
 * outcome as tags, and spans parented the way tracing needs them.
 */
class ObservationCrayonTokenListenerTests {

	private final TokenEndpoint endpoint = new TokenEndpoint();

	private final MutableClock clock = new MutableClock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final List<CrayonTokenRequestContext> stopped = new CopyOnWriteArrayList<>();

	private final CrayonTokenService service;

	ObservationCrayonTokenListenerTests() {
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new RecordingHandler(this.stopped));
		this.service = this.endpoint.serviceBuilder()
			.clock(this.clock)
			.ticker(this.clock)
			.refreshJitter(Duration.ZERO) // refresh at exactly refresh-before-expiry
			.listener(new ObservationCrayonTokenListener(this.observations, null))
			.build();
	}

	@AfterEach
	void stopEndpoint() {
		this.endpoint.close();
	}

	@Test
	void observationWhenLoadRefreshAndReauthenticationThenOneTimerSampleEachWithItsTrigger() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600), TokenEndpoint.tokenResponse("token-3", 3600));
		CrayonAccessToken first = this.service.getToken();
		for (int i = 0; i < 100; i++) {
			this.service.getToken();
		}
		this.clock.advance(Duration.ofSeconds(3300));
		this.service.getToken();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.service.getToken().equals(first));
		this.service.invalidate(this.service.getToken());
		assertThat(this.service.getToken().value()).isEqualTo("token-3");
		assertThat(timerCount("load", "success")).isOne();
		assertThat(timerCount("refresh", "success")).isOne();
		assertThat(timerCount("reauth", "success")).isOne();
		assertThat(this.meters.find(DefaultCrayonTokenRequestObservationConvention.NAME).timers())
			.as("one sample per token request")
			.hasSize(3)
			.allSatisfy((timer) -> assertThat(timer.getId().getTag("crayon.client")).isEqualTo("default"))
			.allSatisfy((timer) -> assertThat(timer.getId().getTag("source")).isEqualTo("endpoint"));
		assertThat(this.endpoint.tokenRequests()).isEqualTo(3);
	}

	@Test
	void observationWhenTokenTakenFromSharedStoreThenTaggedStoreAndEndpointRequestsTaggedEndpoint() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("own-token", 3600));
		CrayonAccessToken shared = new CrayonAccessToken("shared-token", "Bearer", this.clock.instant(),
				this.clock.instant().plus(Duration.ofHours(1)));
		// another instance has put a token into the store: this one takes it without asking the endpoint
		CrayonTokenStore filledByAnotherInstance = (client) -> new CrayonTokenStore.Binding() {

			@Override
			public Mono<CrayonAccessToken> obtain(@Nullable CrayonAccessToken current, Mono<CrayonAccessToken> fetch) {
				return (current == null) ? Mono.just(shared) : fetch;
			}

			@Override
			public Mono<Void> evict(CrayonAccessToken rejected) {
				return Mono.empty();
			}

		};
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.clock(this.clock)
			.ticker(this.clock)
			.store(filledByAnotherInstance)
			.listener(new ObservationCrayonTokenListener(this.observations, null))
			.build();
		assertThat(service.getToken().value()).isEqualTo("shared-token");
		assertThat(this.endpoint.tokenRequests()).isZero();
		service.invalidate(service.getToken());
		assertThat(service.getToken().value()).isEqualTo("own-token");
		assertThat(this.endpoint.tokenRequests()).isOne();
		assertThat(sourceCount("load", "store")).isOne();
		assertThat(sourceCount("reauth", "endpoint")).isOne();
		assertThat(this.stopped).extracting(CrayonTokenRequestContext::getSource)
			.containsExactly(CrayonTokenListener.Source.STORE, CrayonTokenListener.Source.ENDPOINT);
	}

	@Test
	void observationWhenClientRemovedOrReplacedWhileItsRequestRunsThenStoppedAsCancelled() throws Exception {
		this.endpoint.answer(TokenEndpoint.tokenResponse("late-token", 3600));
		CrayonClientRegistry clients = CrayonClientRegistry.builder()
			.clock(this.clock)
			.ticker(this.clock)
			.listener(new ObservationCrayonTokenListener(this.observations, null))
			.defaults(this.endpoint.serviceBuilder().settings())
			.build();
		TokenEndpoint.Gate gate = this.endpoint.holdTokenAnswers();
		List<CrayonTokenService> removed = new ArrayList<>();
		CompletableFuture<CrayonAccessToken> rotatedCaller = null;
		for (int i = 0; i < 5; i++) {
			CrayonTokenService tenant = clients.register("tenant-" + i, credentials());
			if (i < 4) {
				tenant.token().subscribe(null, (ex) -> {
				});
				removed.add(tenant);
			}
			else {
				rotatedCaller = tenant.token().toFuture();
			}
		}
		gate.awaitArrivals(5);
		assertThat(activeRequests()).isEqualTo(5);
		for (int i = 0; i < 4; i++) {
			clients.remove("tenant-" + i);
		}
		CrayonTokenService successor = clients.register("tenant-4", CrayonCredentials.of(TokenEndpoint.CLIENT_ID,
				TokenEndpoint.CLIENT_SECRET, TokenEndpoint.USERNAME, "rotated-password"));
		assertThat(activeRequests()).as("only the request of the new credentials").isOne();
		assertThat(this.stopped).hasSize(5)
			.allSatisfy((context) -> assertThat(context.getOutcome()).isEqualTo("cancelled"));
		gate.open();
		assertThat(rotatedCaller.get(10, TimeUnit.SECONDS).value()).as("its caller got the new credentials' token")
			.isEqualTo("late-token");

		for (CrayonTokenService service : removed) {
			assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken)
				.withMessageContaining("is closed");
			assertThat(service.status().state()).isNotEqualTo(CrayonTokenStatus.State.USABLE);
		}
		assertThat(successor.getToken().value()).isEqualTo("late-token");
		assertThat(activeRequests()).isZero();
	}

	private double activeRequests() {
		return this.meters.get(DefaultCrayonTokenRequestObservationConvention.NAME + ".active")
			.longTaskTimer()
			.activeTasks();
	}

	private static CrayonCredentials credentials() {
		return CrayonCredentials.of(TokenEndpoint.CLIENT_ID, TokenEndpoint.CLIENT_SECRET, TokenEndpoint.USERNAME,
				TokenEndpoint.PASSWORD);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "400 invalid_grant, credentials-rejected", "503, server-error", "slow, timeout",
			"connection reset, unreachable", "non-JSON, invalid-response" })
	void observationWhenRequestFailsThenOneSampleTaggedWithTheOutcome(String fault, String outcome) {
		this.endpoint.answer(switch (fault) {
			case "400 invalid_grant" -> TokenEndpoint.json(400, "{\"error\":\"invalid_grant\"}");
			case "503" -> TokenEndpoint.json(503, "{}");
			case "slow" -> TokenEndpoint.tokenResponse("late", 3600).withFixedDelay(2000);
			case "connection reset" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			default -> aResponse().withStatus(200).withBody("hello");
		});
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.timeout(Duration.ofMillis(300))
			.clock(this.clock)
			.ticker(this.clock)
			.listener(new ObservationCrayonTokenListener(this.observations, null))
			.build();
		assertThatExceptionOfType(CrayonTokenException.class).isThrownBy(service::getToken);
		assertThat(timerCount("load", outcome)).isOne();
		assertThat(sourceCount("load", "none")).as("no token, so no source").isOne();
		assertThat(this.meters.find(DefaultCrayonTokenRequestObservationConvention.NAME).timers()).hasSize(1);
		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).isInstanceOf(CrayonTokenException.class));
	}

	@Test
	void observationWhenCallerIsObservedThenLoadIsItsChildAndRefreshIsARoot() {
		this.endpoint.answerInTurn(TokenEndpoint.tokenResponse("token-1", 3600),
				TokenEndpoint.tokenResponse("token-2", 3600));
		Observation caller = Observation.start("caller", this.observations);
		this.service.token().contextWrite((context) -> context.put("micrometer.observation", caller)).block();
		this.clock.advance(Duration.ofSeconds(3300));
		caller.observe(() -> this.service.getToken());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stopped.size() == 2);
		caller.stop();
		assertThat(this.stopped.get(0).getTrigger()).isEqualTo(CrayonTokenListener.Trigger.LOAD);
		assertThat(this.stopped.get(0).getParentObservation()).isSameAs(caller);
		assertThat(this.stopped.get(1).getTrigger()).isEqualTo(CrayonTokenListener.Trigger.REFRESH);
		assertThat(this.stopped.get(1).getParentObservation()).isNull();
	}

	@Test
	void observationWhenBlockingCallerHasCurrentObservationThenLoadIsItsChild() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		Observation caller = Observation.start("caller", this.observations);
		caller.observe(() -> this.service.getToken());
		caller.stop();
		assertThat(this.stopped.get(0).getParentObservation()).isSameAs(caller);
	}

	@Test
	void observationWhenConventionGivenThenItNamesTheObservation() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("token-1", 3600));
		CrayonTokenService service = this.endpoint.serviceBuilder()
			.listener(new ObservationCrayonTokenListener(this.observations,
					new DefaultCrayonTokenRequestObservationConvention() {

						@Override
						public String getName() {
							return "custom.token.requests";
						}

					}))
			.build();
		service.getToken();
		assertThat(this.meters.find("custom.token.requests").timer()).isNotNull();
	}

	@Test
	void meterTagsWhenRequestsMadeThenCarryNoUserClientIdOrToken() {
		this.endpoint.answer(TokenEndpoint.tokenResponse("eyJ-secret-token-value", 3600));
		this.service.getToken();
		List<String> tagValues = new ArrayList<>();
		for (Meter meter : this.meters.getMeters()) {
			meter.getId().getTags().stream().map(Tag::getValue).forEach(tagValues::add);
		}
		assertThat(tagValues).isNotEmpty()
			.noneMatch((value) -> value.contains(TokenEndpoint.USERNAME) || value.contains(TokenEndpoint.CLIENT_ID)
					|| value.contains(TokenEndpoint.CLIENT_SECRET) || value.contains(TokenEndpoint.PASSWORD)
					|| value.contains("eyJ-secret-token-value"));
	}

	private long timerCount(String trigger, String outcome) {
		Timer timer = this.meters.find(DefaultCrayonTokenRequestObservationConvention.NAME)
			.tags("trigger", trigger, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private long sourceCount(String trigger, String source) {
		Timer timer = this.meters.find(DefaultCrayonTokenRequestObservationConvention.NAME)
			.tags("trigger", trigger, "source", source)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/**
	 * Keeps the context of every stopped token request observation.
	 */
	private record RecordingHandler(List<CrayonTokenRequestContext> stopped)
			implements ObservationHandler<CrayonTokenRequestContext> {

		@Override
		public void onStop(CrayonTokenRequestContext context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof CrayonTokenRequestContext;
		}

	}

}
