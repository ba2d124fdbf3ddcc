package com.crayon.token.autoconfigure.service;

import java.util.ArrayList;
import java.util.List;

import com.crayon.token.CrayonClientRegistry;
import com.crayon.token.web.CrayonClientRequestValuesProcessor;

import org.springframework.util.ClassUtils;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer;

/**
 * The HTTP service groups that call the Crayon API, one per client that has one, and the group
 * the default client would serve ({@code crayon.api.http-service-group}), which may have none.
 *
 * @param groups the groups
 * @param defaultGroup the name of the group of the default client
 * @param clients the clients
 */
record CrayonHttpServiceGroups(List<CrayonHttpServiceGroup> groups, String defaultGroup, CrayonClientRegistry clients) {

	/**
	 * Return whether the application may not have a group of a given name: the default client's
	 * group when no client serves it.
	 * @param name the group's name
	 * @return {@code true} if it is the default group and no client serves it
	 */
	boolean isUnserved(String name) {
		return name.equals(this.defaultGroup) && this.groups.stream().noneMatch((group) -> group.name().equals(name));
	}

	/**
	 * Return the start-up failure of an application that has the default group without a default
	 * client: its requests would get neither the Crayon API's base URL nor a token.
	 * @param group the application's group
	 * @return the exception, naming the group, its interfaces, the clients and the fix
	 */
	InvalidCrayonHttpServiceGroupException unserved(HttpServiceGroup group) {
		List<String> names = new ArrayList<>(this.clients.configuredNames());
		List<String> types = group.httpServiceTypes().stream().map(ClassUtils::getShortName).sorted().toList();
		String problem = "HTTP service group '" + group.name() + "' (" + String.join(", ", types) + ") is the "
				+ "default Crayon group (crayon.api.http-service-group), but no default Crayon client serves it: the "
				+ "clients are " + names
				+ " and none is named '" + CrayonClientRegistry.DEFAULT_CLIENT + "', so its requests would get no base "
				+ "URL and no token";
		String example = types.isEmpty() ? "YourInterface" : types.get(0);
		String register = names.isEmpty() ? "" : "register its interfaces in group " + either(names)
				+ " (@ImportHttpServices(group = \"" + names.get(0) + "\", types = " + example + ".class)), or ";
		String action = register + "set crayon.api.username and crayon.api.password (with crayon.api.client-id and "
				+ "crayon.api.client-secret unless shared) for a default client";
		return new InvalidCrayonHttpServiceGroupException(group.name(), problem, action);
	}

	private static String either(List<String> names) {
		List<String> quoted = names.stream().map((name) -> "'" + name + "'").toList();
		if (quoted.size() == 1) {
			return quoted.get(0);
		}
		return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
	}

	/**
	 * Configure, for each of these groups the application has (it must not have their default
	 * group when no client serves it), its proxy factory (a
	 * {@link CrayonClientRequestValuesProcessor} for the group's service types, for
	 * {@code @CrayonClient}) and then its client builder, whatever the client type.
	 * @param groups the application's groups, as a configurer is handed them
	 * @param client configures one group's client builder
	 * @param <B> the type of client builder
	 * @throws IllegalStateException if two of a group's service types give one method different
	 * clients
	 * @throws InvalidCrayonHttpServiceGroupException if the application has the default group and
	 * no client serves it, or a method names a client whose base URL does not cover its group's
	 */
	<B> void configureEach(HttpServiceGroupConfigurer.Groups<B> groups,
			CrayonHttpServiceGroup.ClientConfiguration<B> client) {
		CrayonHttpServiceGroups crayonGroups = this;
		if (crayonGroups.isUnserved(crayonGroups.defaultGroup())) {
			groups.filterByName(crayonGroups.defaultGroup()).forEachGroup((group, builder, factory) -> {
				throw crayonGroups.unserved(group);
			});
		}
		for (CrayonHttpServiceGroup crayon : crayonGroups.groups()) {
			groups.filterByName(crayon.name()).forEachGroup((group, builder, factory) -> {
				CrayonClientRequestValuesProcessor processor = new CrayonClientRequestValuesProcessor(
						group.httpServiceTypes());
				crayon.verify(processor, group, crayonGroups.clients());
				factory.httpRequestValuesProcessor(processor);
				client.configure(crayon, group, builder);
			});
		}
	}

}
