package com.crayon.token.benchmarks;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Spring Security 7's nearest equivalent of the Crayon token service: a client_credentials
 * registration against the local token endpoint, behind an
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} (the manager meant for
 * use outside a web request), built the way Spring Boot's auto-configuration would.
 */
final class SpringSecurityClients {

	/** Registration id of the benchmark's client. */
	static final String REGISTRATION_ID = "bench";

	private SpringSecurityClients() {
	}

	/**
	 * Create the authorized client manager for the local token endpoint.
	 * @param api the local server
	 * @return the manager; nothing is requested until the first {@code authorize}
	 */
	static ReactiveOAuth2AuthorizedClientManager manager(LocalApi api) {
		ClientRegistration registration = registration(api);
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
		manager.setAuthorizedClientProvider(new ClientCredentialsReactiveOAuth2AuthorizedClientProvider());
		return manager;
	}

	/**
	 * Create Spring Security's {@code RestClient} interceptor for the local token endpoint: an
	 * {@link OAuth2ClientHttpRequestInterceptor} on the blocking
	 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager}, every request resolved to
	 * the benchmark's registration (as {@code @ClientRegistrationId} or a request attribute would).
	 * @param api the local server
	 * @return the interceptor; nothing is requested until the first request
	 */
	static OAuth2ClientHttpRequestInterceptor interceptor(LocalApi api) {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration(api));
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
		manager.setAuthorizedClientProvider(new ClientCredentialsOAuth2AuthorizedClientProvider());
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
		interceptor.setClientRegistrationIdResolver((request) -> REGISTRATION_ID);
		return interceptor;
	}

	private static ClientRegistration registration(LocalApi api) {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("bench-client")
			.clientSecret("bench-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("CustomerApi")
			.tokenUri(api.baseUrl() + LocalApi.OAUTH2_TOKEN_PATH)
			.build();
	}

}
