package com.crayon.token.test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Requests a simulated Crayon API received, in the order it answered them; thread-safe.
 */
final class Recordings {

	private final Queue<RecordedTokenRequest> tokenRequests = new ConcurrentLinkedQueue<>();

	private final Queue<RecordedApiRequest> apiRequests = new ConcurrentLinkedQueue<>();

	void add(RecordedTokenRequest request) {
		this.tokenRequests.add(request);
	}

	void add(RecordedApiRequest request) {
		this.apiRequests.add(request);
	}

	List<RecordedTokenRequest> tokenRequests() {
		return List.copyOf(this.tokenRequests);
	}

	List<RecordedApiRequest> apiRequests() {
		return List.copyOf(this.apiRequests);
	}

	void clear() {
		this.tokenRequests.clear();
		this.apiRequests.clear();
	}

}
