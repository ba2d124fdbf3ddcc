package com.crayon.token;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils.MethodFilter;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * {@link HttpRequestValues.Processor} that carries {@link CrayonClient @CrayonClient} from an HTTP
 * interface's method or type to its requests, as the request attribute the bearer decorators read.
 *
 * <p>A processor only sees the {@link Method} called, never the interface the proxy was created
 * for, and a method an interface inherits is its super-interface's. So the processor is created
 * with every service type its {@code HttpServiceProxyFactory} creates clients for, and resolves,
 * once, the client of each HTTP method through each type: the method's own
 * {@code @CrayonClient}, else the type's (on the type or on one of its super-interfaces), else
 * none (the decorator's default client). A method that two of the types give different clients
 * is refused at construction, and a method of a type it was not created with fails its request:
 * a request never carries another client's token.
 */
public final class CrayonClientRequestValuesProcessor implements HttpRequestValues.Processor {

	private static final MethodFilter HTTP_METHODS = (method) -> AnnotatedElementUtils.hasAnnotation(method,
			HttpExchange.class);

	private final Map<Method, Client> clients;

	/**
	 * Create a processor for the HTTP methods of the given service types.
	 * @param serviceTypes every HTTP interface the proxy factory creates clients for
	 * @throws IllegalStateException if two of the types give one method different clients
	 */
	public CrayonClientRequestValuesProcessor(Collection<Class<?>> serviceTypes) {
		Assert.notNull(serviceTypes, "Service types must not be null");
		Assert.noNullElements(serviceTypes, "Service types must not contain null");
		this.clients = resolve(serviceTypes);
	}

	/**
	 * Create a processor for the HTTP methods of the given service types.
	 * @param serviceTypes every HTTP interface the proxy factory creates clients for
	 * @return the processor
	 * @throws IllegalStateException if two of the types give one method different clients
	 */
	public static CrayonClientRequestValuesProcessor forServiceTypes(Class<?>... serviceTypes) {
		Assert.notNull(serviceTypes, "Service types must not be null");
		return new CrayonClientRequestValuesProcessor(Arrays.asList(serviceTypes));
	}

	@Override
	public void process(Method method, MethodParameter[] parameters, @Nullable Object[] arguments,
			HttpRequestValues.Builder builder) {
		Client client = this.clients.get(method);
		if (client == null) {
			throw new IllegalStateException("No @CrayonClient resolved for " + name(method)
					+ ", a method of a service type this processor was not created with: a "
					+ "CrayonClientRequestValuesProcessor must be created with every service type its "
					+ "HttpServiceProxyFactory creates clients for");
		}
		if (client.name() != null) {
			builder.addAttribute(CrayonRequestAttributes.CLIENT_NAME, client.name());
		}
	}

	private static Map<Method, Client> resolve(Collection<Class<?>> serviceTypes) {
		Map<Method, Map<Class<?>, Client>> byMethod = new LinkedHashMap<>();
		for (Class<?> type : serviceTypes) {
			for (Method method : MethodIntrospector.selectMethods(type, HTTP_METHODS)) {
				byMethod.computeIfAbsent(method, (key) -> new LinkedHashMap<>()).put(type, client(method, type));
			}
		}
		Map<Method, Client> clients = new HashMap<>();
		byMethod.forEach((method, byType) -> clients.put(method, single(method, byType)));
		return Map.copyOf(clients);
	}

	private static Client client(Method method, Class<?> type) {
		CrayonClient client = AnnotatedElementUtils.findMergedAnnotation(method, CrayonClient.class);
		if (client == null) {
			client = AnnotatedElementUtils.findMergedAnnotation(type, CrayonClient.class);
		}
		return (client != null) ? new Client(client.value()) : Client.DEFAULT;
	}

	private static Client single(Method method, Map<Class<?>, Client> byType) {
		Set<Client> distinct = Set.copyOf(byType.values());
		if (distinct.size() > 1) {
			throw new IllegalStateException(ambiguity(method, byType));
		}
		return distinct.iterator().next();
	}

	private static String ambiguity(Method method, Map<Class<?>, Client> byType) {
		String through = byType.entrySet()
			.stream()
			.map((entry) -> entry.getValue().describe() + " through " + ClassUtils.getShortName(entry.getKey()))
			.collect(Collectors.joining(", "));
		Map.Entry<Class<?>, Client> named = byType.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().name() != null)
			.findFirst()
			.orElseThrow();
		return "@CrayonClient is ambiguous for " + name(method) + ": " + through
				+ ", and a request cannot tell which interface it was called through; annotate the method with "
				+ "@CrayonClient, or register the interfaces in HTTP service groups of their own (the group named "
				+ "after a client, e.g. @ImportHttpServices(group = \"" + named.getValue().name() + "\", types = "
				+ ClassUtils.getShortName(named.getKey()) + ".class))";
	}

	private static String name(Method method) {
		return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + "()";
	}

	/**
	 * The client one method's requests carry.
	 *
	 * @param name the client's name, or {@code null} for the decorator's default client
	 */
	private record Client(@Nullable String name) {

		static final Client DEFAULT = new Client(null);

		String describe() {
			return (this.name != null) ? "client \"" + this.name + "\"" : "the default client";
		}

	}

}
