package com.crayon.token.autoconfigure;

import java.util.List;

import com.crayon.token.CrayonClientRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the properties configure several clients and none is the default: then there
 * is no one {@code CrayonTokenService} to offer, and the application picks clients by name.
 */
final class OnDefaultCrayonClientCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		CrayonApiProperties properties = Binder.get(context.getEnvironment())
			.bind("crayon.api", Bindable.of(CrayonApiProperties.class))
			.orElseGet(CrayonApiProperties::new);
		List<String> clients = new CrayonClientSettingsMapper(properties).sources()
			.stream()
			.map(CrayonClientSettingsMapper.Source::name)
			.toList();
		if (clients.size() == 1 || clients.contains(CrayonClientRegistry.DEFAULT_CLIENT)) {
			return ConditionOutcome.match("a default Crayon client is configured");
		}
		return ConditionOutcome.noMatch("several Crayon clients " + clients + " and none named "
				+ CrayonClientRegistry.DEFAULT_CLIENT);
	}

}
