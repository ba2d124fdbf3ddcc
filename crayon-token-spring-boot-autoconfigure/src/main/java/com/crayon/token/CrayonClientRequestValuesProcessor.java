package com.crayon.token;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * {@link HttpRequestValues.Processor} that carries {@link CrayonClient @CrayonClient} from an HTTP
 * interface's method or type to its requests, as the request attribute the bearer decorators read.
 */
public final class CrayonClientRequestValuesProcessor implements HttpRequestValues.Processor {

	@Override
	public void process(Method method, MethodParameter[] parameters, @Nullable Object[] arguments,
			HttpRequestValues.Builder builder) {
		CrayonClient client = AnnotatedElementUtils.findMergedAnnotation(method, CrayonClient.class);
		if (client == null) {
			client = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), CrayonClient.class);
		}
		if (client != null) {
			builder.addAttribute(CrayonRequestAttributes.CLIENT_NAME, client.value());
		}
	}

}
