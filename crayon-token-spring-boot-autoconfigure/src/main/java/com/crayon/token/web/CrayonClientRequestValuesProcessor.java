package com.crayon.token.web;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.crayon.token.CrayonClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils.MethodFilter;
import org.springframework.util.StringUtils;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpRequestValues;
import org.springframework.web.util.UriBuilderFactory;

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

	private final List<NamedCall> namedCalls;

	/**
	 * Create a processor for the HTTP methods of the given service types.
	 * @param serviceTypes every HTTP interface the proxy factory creates clients for
	 * @throws IllegalStateException if two of the types give one method different clients
	 */
	public CrayonClientRequestValuesProcessor(Collection<Class<?>> serviceTypes) {
		Assert.notNull(serviceTypes, "Service types must not be null");
		Assert.noNullElements(serviceTypes, "Service types must not contain null");
		this.clients = resolve(serviceTypes);
		this.namedCalls = namedCalls(serviceTypes);
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

	/**
	 * Return, for each HTTP method that names a configured client explicitly, with
	 * {@code @CrayonClient}, whose base URL cannot cover the method's requests when they are sent
	 * below the given base URL, a sentence naming the method, the client, the client's base URL and
	 * the requests' URL. A client would send such requests without its token, so each of them
	 * fails; this finds them at start-up. Methods whose URL is absolute or comes with a {@code URI}
	 * argument, and clients registered at run time, are left to the check of each request.
	 * @param clients the clients
	 * @param baseUrl the base URL of the proxy factory's client, such as its HTTP service group's
	 * @return the problems, empty if there are none
	 */
	public List<String> requestsOutsideTheirClient(CrayonClientRegistry clients, String baseUrl) {
		List<String> problems = new ArrayList<>();
		for (NamedCall call : this.namedCalls) {
			String problem = call.outsideItsClient(clients, baseUrl);
			if (problem != null) {
				problems.add(problem);
			}
		}
		return problems;
	}

	private static List<NamedCall> namedCalls(Collection<Class<?>> serviceTypes) {
		List<NamedCall> calls = new ArrayList<>();
		for (Class<?> type : serviceTypes) {
			for (Method method : MethodIntrospector.selectMethods(type, HTTP_METHODS)) {
				String name = client(method, type).name();
				if (name != null && !takesUri(method)) {
					calls.add(new NamedCall(method, name, url(method, type)));
				}
			}
		}
		return List.copyOf(calls);
	}

	private static boolean takesUri(Method method) {
		return Arrays.stream(method.getParameterTypes())
			.anyMatch((type) -> URI.class.isAssignableFrom(type) || UriBuilderFactory.class.isAssignableFrom(type));
	}

	/**
	 * Return a method's URL template as {@code HttpServiceProxyFactory} builds it: the type's
	 * {@code @HttpExchange} URL and the method's, joined.
	 */
	private static String url(Method method, Class<?> type) {
		HttpExchange onType = AnnotatedElementUtils.findMergedAnnotation(type, HttpExchange.class);
		HttpExchange onMethod = AnnotatedElementUtils.findMergedAnnotation(method, HttpExchange.class);
		String typeUrl = (onType != null) ? onType.url() : "";
		String methodUrl = (onMethod != null) ? onMethod.url() : "";
		if (StringUtils.hasText(typeUrl) && StringUtils.hasText(methodUrl)) {
			return typeUrl + ((!typeUrl.endsWith("/") && !methodUrl.startsWith("/")) ? "/" : "") + methodUrl;
		}
		return StringUtils.hasText(methodUrl) ? methodUrl : typeUrl;
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
	 * An HTTP method that names its client explicitly, through one service type.
	 *
	 * @param method the method
	 * @param client the client's name
	 * @param url the method's URL template, relative to the base URL unless absolute
	 */
	private record NamedCall(Method method, String client, String url) {

		/**
		 * Return why the client cannot authenticate the method's requests below a base URL, or
		 * {@code null} if it may, or if that cannot be told before the request.
		 */
		@Nullable String outsideItsClient(CrayonClientRegistry clients, String baseUrl) {
			CrayonClientRegistry.Client registered = clients.configuredNames().contains(this.client)
					? clients.client(this.client) : null;
			URI target = target(baseUrl);
			if (registered == null || target == null
					|| !CrayonApiBaseUrl.of(registered.baseUrl()).excludesEverythingBelow(target)) {
				return null;
			}
			return name(this.method) + " names Crayon client '" + this.client + "' (base URL " + registered.baseUrl()
					+ "), which does not authenticate its requests to " + BearerPolicy.describe(target);
		}

		/**
		 * Return the URL every request of the method starts with: the base URL and the method's
		 * URL up to its first variable, or {@code null} when the method's URL is absolute or
		 * cannot be read.
		 */
		private @Nullable URI target(String baseUrl) {
			String prefix = this.url.split("[{$]", 2)[0];
			if (prefix.contains(":")) {
				return null;
			}
			String base = StringUtils.trimTrailingCharacter(baseUrl.trim(), '/');
			String path = (prefix.isEmpty() || prefix.startsWith("/")) ? prefix : "/" + prefix;
			try {
				URI target = new URI(base + path);
				return (target.getScheme() != null && target.getHost() != null) ? target : null;
			}
			catch (URISyntaxException ex) {
				return null;
			}
		}

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
