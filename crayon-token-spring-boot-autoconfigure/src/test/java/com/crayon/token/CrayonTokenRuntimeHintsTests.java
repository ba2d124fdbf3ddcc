package com.crayon.token;

import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image hints cover what Jackson binds and every class and field that Caffeine reaches
 * by name for the cache {@link TokenCache} really builds, so a change to the cache's features or a
 * Caffeine upgrade that needs other classes fails here, not in a native image.
 */
class CrayonTokenRuntimeHintsTests {

	private static final String CAFFEINE_PACKAGE = "com.github.benmanes.caffeine";

	private final RuntimeHints hints = new RuntimeHints();

	CrayonTokenRuntimeHintsTests() {
		new CrayonTokenRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void aotFactoriesWhenLoadedThenListTheRegistrar() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(CrayonTokenRuntimeHints.class::isInstance);
	}

	@Test
	void hintsWhenRegisteredThenJacksonCanBindTheTokenResponse() throws NoSuchMethodException {
		Class<?>[] componentTypes = Arrays.stream(CrayonTokenResponse.class.getRecordComponents())
			.map(RecordComponent::getType)
			.toArray(Class<?>[]::new);
		assertThat(RuntimeHintsPredicates.reflection().onType(CrayonTokenResponse.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(CrayonTokenResponse.class.getDeclaredConstructor(componentTypes)))
			.accepts(this.hints);
		for (RecordComponent component : CrayonTokenResponse.class.getRecordComponents()) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
				.as(component.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void hintsWhenRegisteredThenCaffeineCanLoadTheCacheAndNodeClassesOfTokenCache() throws NoSuchMethodException {
		Object cache = caffeineCacheOf(new TokenCache(Ticker.systemTicker()));
		Class<?> cacheClass = cache.getClass();
		Class<?> nodeClass = ReflectionTestUtils.getField(cache, "nodeFactory").getClass();
		assertThat(cacheClass.getName()).isEqualTo(CrayonTokenRuntimeHints.CACHE_CLASS);
		assertThat(nodeClass.getName()).isEqualTo(CrayonTokenRuntimeHints.NODE_CLASS);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(cacheClass, "FACTORY")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(
					cacheClass.getDeclaredConstructor(Caffeine.class, AsyncCacheLoader.class, boolean.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(nodeClass.getDeclaredConstructor()))
			.accepts(this.hints);
	}

	@Test
	void hintsWhenRegisteredThenEveryFieldThatCaffeineReachesThroughAVarHandleIsAccessible() {
		TokenCache tokenCache = new TokenCache(Ticker.systemTicker());
		useOnce(tokenCache);
		List<List<Field>> targets = varHandleTargets(caffeineClassesReachableFrom(caffeineCacheOf(tokenCache)));
		assertThat(targets).hasSizeGreaterThanOrEqualTo(10);
		for (List<Field> candidates : targets) {
			assertThat(candidates).as("VarHandle target, one of")
				.anyMatch((field) -> RuntimeHintsPredicates.reflection().onFieldAccess(field).test(this.hints));
		}
	}

	@Test
	void hintsWhenRegisteredThenEveryCaffeineClassAndFieldNamedExists() {
		this.hints.reflection()
			.typeHints()
			.filter((type) -> type.getType().getName().startsWith(CAFFEINE_PACKAGE))
			.forEach((type) -> {
				Class<?> resolved = ClassUtils.resolveClassName(type.getType().getName(), null);
				type.fields()
					.forEach((field) -> assertThat(ReflectionUtils.findField(resolved, field.getName()))
						.as(resolved.getName() + "." + field.getName())
						.isNotNull());
			});
		assertThat(this.hints.reflection().typeHints().map(TypeHint::getType))
			.anyMatch((type) -> type.getName().equals(CrayonTokenRuntimeHints.CACHE_CLASS));
	}

	private static Object caffeineCacheOf(TokenCache tokenCache) {
		Object asyncCache = ReflectionTestUtils.getField(tokenCache, "cache");
		return ReflectionTestUtils.getField(asyncCache, "cache");
	}

	/**
	 * Load a slot (a failure, kept for the backoff minute: nothing listens on port 1) and read it,
	 * so that the cache creates its lazily built buffers.
	 */
	private static void useOnce(TokenCache tokenCache) {
		CrayonClientSettings settings = CrayonClientSettings.builder("http://127.0.0.1:1")
			.timeout(Duration.ofSeconds(2))
			.retry(1, Duration.ofMinutes(1), Duration.ofMinutes(1))
			.build();
		ClientTokenService client = new TokenServiceFactory(tokenCache, WebClient.create(), Clock.systemUTC(),
				new CrayonTokenListener() {
				}, CrayonTokenStore.local())
			.service(new TokenServiceFactory.ClientNames("hints", true, "crayon.api.clients.hints"), settings,
					CrayonCredentials.of("client", "secret", "user", "password"));
		assertThat(tokenCache.get(client, client::load).join()).isInstanceOf(TokenSlot.Failed.class);
		for (int i = 0; i < 100; i++) {
			assertThat(tokenCache.getIfPresent(client)).isNotNull();
		}
	}

	private static Set<Class<?>> caffeineClassesReachableFrom(Object root) {
		Set<Class<?>> classes = new LinkedHashSet<>();
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Object> pending = new ArrayDeque<>();
		pending.push(root);
		while (!pending.isEmpty()) {
			Object object = pending.pop();
			if (!seen.add(object)) {
				continue;
			}
			if (object instanceof Object[] array) {
				Arrays.stream(array).filter(CrayonTokenRuntimeHintsTests::isCaffeine).forEach(pending::push);
				continue;
			}
			for (Class<?> type = object.getClass(); isCaffeine(type); type = type.getSuperclass()) {
				classes.add(type);
				for (Field field : type.getDeclaredFields()) {
					if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
						ReflectionUtils.makeAccessible(field);
						Object value = ReflectionUtils.getField(field, object);
						if (isCaffeine(value) || value instanceof Object[]) {
							pending.push(value);
						}
					}
				}
			}
		}
		return classes;
	}

	/**
	 * Return, for each static {@code VarHandle} of the given classes, the fields it may point at:
	 * a handle's single coordinate is the declaring class, its variable type the field's type
	 * (when the class declares several fields of that type, the handle reaches one of them).
	 */
	private static List<List<Field>> varHandleTargets(Set<Class<?>> classes) {
		List<List<Field>> targets = new ArrayList<>();
		for (Class<?> type : classes) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && field.getType() == VarHandle.class) {
					ReflectionUtils.makeAccessible(field);
					VarHandle handle = (VarHandle) ReflectionUtils.getField(field, null);
					if (handle.coordinateTypes().size() == 1) {
						targets.add(Arrays.stream(handle.coordinateTypes().get(0).getDeclaredFields())
							.filter((target) -> !Modifier.isStatic(target.getModifiers()))
							.filter((target) -> target.getType() == handle.varType())
							.toList());
					}
				}
			}
		}
		return targets;
	}

	private static boolean isCaffeine(Object object) {
		return object != null && isCaffeine(object.getClass());
	}

	private static boolean isCaffeine(Class<?> type) {
		return type != null && type.getName().startsWith(CAFFEINE_PACKAGE);
	}

}
