package com.crayon.token.docs.whichclient;

import com.crayon.token.autoconfigure.CrayonApiProperties;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;

import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;

/**
 * README "Which client?": RestTemplate, built from Boot's {@code RestTemplateBuilder} with the
 * interceptor.
 */
@Configuration(proxyBeanMethods = false)
public class CrayonRestTemplateConfiguration {

	@Bean(defaultCandidate = false)
	RestTemplate crayonRestTemplate(RestTemplateBuilder builder, CrayonBearerClientHttpRequestInterceptor crayonBearer,
			CrayonApiProperties crayon) {
		return builder.rootUri(crayon.getBaseUrl())
			.additionalInterceptors(crayonBearer)
			.redirects(HttpRedirects.DONT_FOLLOW)
			.build();
	}

}
