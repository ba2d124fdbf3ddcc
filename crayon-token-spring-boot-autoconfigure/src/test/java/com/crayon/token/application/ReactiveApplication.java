package com.crayon.token.application;

import com.crayon.token.docs.whichclient.WebClientOrganizations;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A Spring WebFlux application with the starter: it calls the Crayon API through the
 * {@code crayon} HTTP service group backed by a {@code WebClient} and through
 * {@code crayonWebClient}, another origin through the {@code other} group, and (wrongly)
 * {@code crayonRestClient} on its event loop.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ WebClientOrganizations.class, ReactiveApplication.Calls.class })
@ImportHttpServices(group = "crayon", types = ReactiveApplication.CrayonOrganizations.class,
		clientType = ClientType.WEB_CLIENT)
@ImportHttpServices(group = "other", types = ReactiveApplication.OtherOrganizations.class,
		clientType = ClientType.WEB_CLIENT)
class ReactiveApplication {

	@HttpExchange(url = "/api/v1", accept = "application/json")
	interface CrayonOrganizations {

		@GetExchange("/organizations/")
		Mono<String> list();

		@PostExchange(url = "/organizations/", contentType = "application/json")
		Mono<ResponseEntity<String>> create(@RequestBody String organization);

	}

	@HttpExchange(url = "/api/v1", accept = "application/json")
	interface OtherOrganizations {

		@GetExchange("/organizations/")
		Mono<String> list();

	}

	@RestController
	@RequestMapping("/calls")
	static class Calls {

		private final CrayonOrganizations group;

		private final OtherOrganizations otherGroup;

		private final WebClientOrganizations webClient;

		private final RestClient crayonRestClient;

		Calls(CrayonOrganizations group, OtherOrganizations otherGroup, WebClientOrganizations webClient,
				@Qualifier("crayonRestClient") RestClient crayonRestClient) {
			this.group = group;
			this.otherGroup = otherGroup;
			this.webClient = webClient;
			this.crayonRestClient = crayonRestClient;
		}

		@GetMapping("/group")
		Mono<String> group() {
			return this.group.list();
		}

		@GetMapping("/web-client")
		Mono<String> webClient() {
			return this.webClient.list();
		}

		@GetMapping("/other-group")
		Mono<String> otherGroup() {
			return this.otherGroup.list();
		}

		@PostMapping("/group/organizations")
		Mono<ResponseEntity<String>> createInGroup(@RequestBody String organization) {
			return this.group.create(organization)
				.map((created) -> ResponseEntity.status(created.getStatusCode()).body(created.getBody()));
		}

		@GetMapping("/rest-client-on-event-loop")
		String restClientOnEventLoop() {
			try {
				return this.crayonRestClient.get().uri("/api/v1/organizations/").retrieve().body(String.class);
			}
			catch (IllegalStateException ex) {
				return Thread.currentThread().getName() + ": " + ex.getMessage();
			}
		}

	}

}
