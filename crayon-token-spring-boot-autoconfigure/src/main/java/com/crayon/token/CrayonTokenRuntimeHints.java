package com.crayon.token;

import java.util.List;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Native-image hints for what the starter reaches by reflection: the token answer that Jackson
 * binds, and the classes that Caffeine loads by name for the cache {@link TokenCache} builds.
 *
 * <p>Caffeine picks a generated cache class and node class from the builder's features
 * ({@code LocalCacheFactory} and {@code NodeFactory}): strong keys and values, a removal listener and a
 * variable {@code Expiry} give the cache {@code SSLA} (read through its static {@code FACTORY} field, else
 * its constructor) and the node {@code PSW}. Its classes also reach some fields through
 * {@code VarHandle}s; those on this cache's path are listed here. Listed in
 * {@code META-INF/spring/aot.factories}.
 */
final class CrayonTokenRuntimeHints implements RuntimeHintsRegistrar {

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.";

	/** Cache class for strong keys and values with a removal listener that expire after a variable time. */
	static final String CACHE_CLASS = CAFFEINE + "SSLA";

	/** Node class for strong keys and values that expire after a variable time. */
	static final String NODE_CLASS = CAFFEINE + "PSW";

	/** Fields read and written through a {@code VarHandle}, as {@code Class.field} in Caffeine's package. */
	static final List<String> VAR_HANDLE_FIELDS = List.of("SSLA.expiresAfterAccessNanos", "PSW.writeTime", "PS.key",
			"PS.value", "BoundedLocalCache.refreshes", "BLCHeader$DrainStatusRef.drainStatus", "StripedBuffer.tableBusy",
			"BBHeader$ReadCounterRef.readCounter", "BBHeader$ReadAndWriteCounterRef.writeCounter",
			"BaseMpscLinkedArrayQueueProducerFields.producerIndex",
			"BaseMpscLinkedArrayQueueConsumerFields.consumerIndex",
			"BaseMpscLinkedArrayQueueColdProducerFields.producerLimit");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), CrayonTokenResponse.class);
		registerTokenCache(hints.reflection());
	}

	private static void registerTokenCache(ReflectionHints reflection) {
		reflection.registerType(TypeReference.of(CACHE_CLASS), (type) -> type.withField("FACTORY")
			.withConstructor(TypeReference.listOf(Caffeine.class, AsyncCacheLoader.class, boolean.class),
					ExecutableMode.INVOKE));
		reflection.registerType(TypeReference.of(NODE_CLASS),
				(type) -> type.withConstructor(List.of(), ExecutableMode.INVOKE));
		for (String field : VAR_HANDLE_FIELDS) {
			int dot = field.lastIndexOf('.');
			reflection.registerType(TypeReference.of(CAFFEINE + field.substring(0, dot)),
					(type) -> type.withField(field.substring(dot + 1)));
		}
	}

}
