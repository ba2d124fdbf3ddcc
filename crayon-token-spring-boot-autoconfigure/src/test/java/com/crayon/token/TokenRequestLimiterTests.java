package com.crayon.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bound on concurrent token requests: never more than the limit run, callers' requests go
 * before background refreshes, and no slot is lost to a request that stopped waiting.
 */
class TokenRequestLimiterTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private final List<String> started = new CopyOnWriteArrayList<>();

	private final List<String> failed = new CopyOnWriteArrayList<>();

	@Test
	void limitWhenMoreRequestsThanSlotsThenOthersWaitUntilOneEnds() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(2);
		List<Sinks.One<String>> answers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Sinks.One<String> answer = Sinks.one();
			answers.add(answer);
			limiter.limit(request("request-" + i, answer), true, LONG, IllegalStateException::new)
				.subscribe(null, (ex) -> this.failed.add(ex.getMessage()));
		}
		assertThat(this.started).containsExactly("request-0", "request-1");
		assertThat(limiter.running()).isEqualTo(2);

		answers.get(1).tryEmitValue("done");
		assertThat(this.started).containsExactly("request-0", "request-1", "request-2");
		answers.get(0).tryEmitError(new IllegalStateException("failed"));
		assertThat(this.started).hasSize(4);
		assertThat(this.failed).containsExactly("failed");
		answers.forEach((answer) -> answer.tryEmitValue("done"));
		assertThat(this.started).hasSize(5);
		assertThat(limiter.running()).isZero();
	}

	@Test
	void limitWhenSubscribingThrowsFatallyThenTheCallerSeesItAndTheSlotIsFree() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(1);
		Mono<String> broken = Mono.from((subscriber) -> {
			throw new NoClassDefFoundError("simulated fatal error");
		});
		assertThatExceptionOfType(NoClassDefFoundError.class)
			.isThrownBy(() -> limiter.limit(broken, true, Duration.ofSeconds(1), IllegalStateException::new)
				.subscribe());
		assertThat(limiter.running()).as("the slot came back").isZero();
		StepVerifier.create(limiter.limit(Mono.just("next"), true, Duration.ofSeconds(1), IllegalStateException::new))
			.expectNext("next")
			.verifyComplete();
	}

	@Test
	void limitWhenSlotFreesThenCallersRequestGoesBeforeBackgroundRefresh() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(1);
		Sinks.One<String> first = Sinks.one();
		limiter.limit(request("first", first), true, LONG, IllegalStateException::new).subscribe();
		limiter.limit(request("refresh", Sinks.one()), false, LONG, IllegalStateException::new).subscribe();
		Sinks.One<String> caller = Sinks.one();
		limiter.limit(request("caller", caller), true, LONG, IllegalStateException::new).subscribe();

		first.tryEmitValue("done");
		assertThat(this.started).containsExactly("first", "caller");
		caller.tryEmitValue("done");
		assertThat(this.started).containsExactly("first", "caller", "refresh");
	}

	@Test
	void limitWhenWaiterCancelledThenItsSlotGoesToTheNext() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(1);
		Sinks.One<String> first = Sinks.one();
		limiter.limit(request("first", first), true, LONG, IllegalStateException::new).subscribe();
		Disposable cancelled = limiter.limit(request("cancelled", Sinks.one()), true, LONG, IllegalStateException::new)
			.subscribe();
		limiter.limit(request("next", Sinks.one()), true, LONG, IllegalStateException::new).subscribe();

		cancelled.dispose();
		first.tryEmitValue("done");
		assertThat(this.started).containsExactly("first", "next");
		assertThat(limiter.running()).isOne();
	}

	@Test
	void limitWhenNoSlotWithinBoundThenFailsWithTheGivenErrorAndSendsNothing() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(1);
		limiter.limit(request("first", Sinks.one()), true, LONG, IllegalStateException::new).subscribe();
		StepVerifier.create(limiter.limit(request("late", Sinks.one()), true, Duration.ofMillis(50),
				() -> new IllegalStateException("all busy")))
			.expectErrorMessage("all busy")
			.verify(Duration.ofSeconds(30));
		assertThat(this.started).containsExactly("first");
		assertThat(limiter.running()).isOne();
	}

	@Test
	void limitWhenThousandsOfRequestsEndCancelOrTimeOutThenNeverMoreThanLimitAndNoSlotLost() {
		TokenRequestLimiter limiter = new TokenRequestLimiter(4);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger peak = new AtomicInteger();
		Mono<String> request = Mono.defer(() -> {
			peak.accumulateAndGet(running.incrementAndGet(), Math::max);
			// ended before the signal goes on to the limiter, which then frees the slot
			AtomicBoolean ended = new AtomicBoolean();
			Runnable end = () -> {
				if (ended.compareAndSet(false, true)) {
					running.decrementAndGet();
				}
			};
			return Mono.delay(Duration.ofNanos(ThreadLocalRandom.current().nextLong(200_000)))
				.map(String::valueOf)
				.doOnTerminate(end)
				.doOnCancel(end);
		});
		Flux.range(0, 2_000)
			.flatMap((i) -> {
				Mono<String> limited = limiter.limit(request, i % 3 != 0, Duration.ofMillis(i % 50 + 1),
						IllegalStateException::new);
				Mono<String> call = (i % 7 == 0) ? limited.timeout(Duration.ofNanos(i * 1_000L)) : limited;
				return call.subscribeOn(Schedulers.parallel()).onErrorResume((ex) -> Mono.empty());
			}, 256)
			.blockLast(Duration.ofMinutes(2));
		await().atMost(30, TimeUnit.SECONDS).until(() -> limiter.running() == 0);
		assertThat(peak.get()).isBetween(1, 4);
		assertThat(running).hasValue(0);
	}

	private Mono<String> request(String name, Sinks.One<String> answer) {
		return Mono.defer(() -> {
			this.started.add(name);
			return answer.asMono();
		});
	}

}
