package com.crayon.token.application;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.crayon.token.docs.whichclient.CrayonHttpServices;
import com.crayon.token.docs.whichclient.CrayonOrganizations;
import com.crayon.token.docs.whichclient.CrayonRestTemplateConfiguration;
import com.crayon.token.docs.whichclient.HttpClientOrganizations;
import com.crayon.token.docs.whichclient.RestClientOrganizations;
import com.crayon.token.docs.whichclient.RestTemplateOrganizations;
import com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A Spring MVC application with the starter: it calls the Crayon API through every client of the
 * README's "Which client?" section, posts through the {@code crayon} HTTP service group, and calls
 * another origin through the {@code other} group and through a general-purpose
 * {@code RestClient} that carries the interceptor.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ CrayonHttpServices.class, CrayonRestTemplateConfiguration.class, RestClientOrganizations.class,
		RestTemplateOrganizations.class, HttpClientOrganizations.class, ServletApplication.Calls.class })
@ImportHttpServices(group = "crayon", types = ServletApplication.CrayonOrganizationWrites.class)
@ImportHttpServices(group = "other", types = ServletApplication.OtherOrganizations.class)
class ServletApplication {

	/** Description of each thread that called the Crayon API from a request handler. */
	static final List<String> HANDLER_THREADS = new CopyOnWriteArrayList<>();

	@Bean
	RestClient generalPurposeRestClient(RestClient.Builder builder, CrayonBearerClientHttpRequestInterceptor crayonBearer) {
		return builder.requestInterceptor(crayonBearer).build();
	}

	/** Writes to the Crayon API, in the {@code crayon} group beside {@link CrayonOrganizations}. */
	@HttpExchange(url = "/api/v1", accept = "application/json")
	interface CrayonOrganizationWrites {

		@PostExchange(url = "/organizations/", contentType = "application/json")
		ResponseEntity<String> create(@RequestBody String organization);

	}

	/** The same resource at another origin, in the {@code other} group. */
	@HttpExchange(url = "/api/v1", accept = "application/json")
	interface OtherOrganizations {

		@GetExchange("/organizations/")
		String list();

	}

	@RestController
	@RequestMapping("/calls")
	static class Calls {

		private final RestClientOrganizations restClient;

		private final RestTemplateOrganizations restTemplate;

		private final CrayonOrganizations group;

		private final CrayonOrganizationWrites groupWrites;

		private final OtherOrganizations otherGroup;

		private final HttpClientOrganizations httpClient;

		private final RestClient generalPurpose;

		Calls(RestClientOrganizations restClient, RestTemplateOrganizations restTemplate, CrayonOrganizations group,
				CrayonOrganizationWrites groupWrites, OtherOrganizations otherGroup, HttpClientOrganizations httpClient,
				RestClient generalPurposeRestClient) {
			this.restClient = restClient;
			this.restTemplate = restTemplate;
			this.group = group;
			this.groupWrites = groupWrites;
			this.otherGroup = otherGroup;
			this.httpClient = httpClient;
			this.generalPurpose = generalPurposeRestClient;
		}

		@GetMapping("/rest-client")
		String restClient() {
			return recorded(this.restClient.list());
		}

		@GetMapping("/rest-template")
		String restTemplate() {
			return recorded(this.restTemplate.list());
		}

		@GetMapping("/group")
		String group() {
			return recorded(this.group.list());
		}

		@GetMapping("/http-client")
		String httpClient() throws Exception {
			return recorded(this.httpClient.list());
		}

		@GetMapping("/other-group")
		String otherGroup() {
			return recorded(this.otherGroup.list());
		}

		@GetMapping("/general-purpose")
		String generalPurpose(@RequestParam URI url) {
			return recorded(this.generalPurpose.get().uri(url).retrieve().body(String.class));
		}

		@PostMapping("/group/organizations")
		ResponseEntity<String> createInGroup(@RequestBody String organization) {
			ResponseEntity<String> created = this.groupWrites.create(organization);
			recorded("");
			return ResponseEntity.status(created.getStatusCode()).body(created.getBody());
		}

		private static String recorded(String body) {
			HANDLER_THREADS.add(Thread.currentThread().toString());
			return body;
		}

	}

}
