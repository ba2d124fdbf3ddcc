package com.crayon.token.docs.whichclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonTokenService;
import com.crayon.token.autoconfigure.CrayonApiProperties;

import org.springframework.stereotype.Service;

/**
 * README "Which client?": any other client, here the JDK's {@code HttpClient}, with
 * {@link CrayonTokenService#getToken()} and one retry after HTTP 401.
 */
@Service
public class HttpClientOrganizations {

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private final CrayonTokenService tokens;

	private final URI organizations;

	public HttpClientOrganizations(CrayonTokenService tokens, CrayonApiProperties crayon) {
		this.tokens = tokens;
		this.organizations = URI.create(crayon.getBaseUrl().replaceAll("/+$", "") + "/api/v1/organizations/");
	}

	public String list() throws IOException, InterruptedException {
		CrayonAccessToken token = this.tokens.getToken();
		HttpResponse<String> response = send(token);
		if (response.statusCode() == 401) {
			this.tokens.invalidate(token);
			CrayonAccessToken fresh = this.tokens.getToken();
			if (!fresh.equals(token)) {
				response = send(fresh);
			}
		}
		return response.body();
	}

	private HttpResponse<String> send(CrayonAccessToken token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.organizations)
			.header("Authorization", "Bearer " + token.value())
			.build();
		return this.httpClient.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
