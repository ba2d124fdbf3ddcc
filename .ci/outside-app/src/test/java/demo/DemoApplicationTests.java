package demo;

import com.crayon.token.test.CrayonApiSimulator;
import com.crayon.token.test.EnableCrayonApiSimulator;
import com.crayon.token.test.RecordedTokenRequest;
import com.crayon.token.test.TokenRequestOutcome;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "crayon.api.token.retry.initial-backoff=1ms", "crayon.api.token.retry.max-backoff=1ms" })
@EnableCrayonApiSimulator(username = "alice", password = "alice-password")
class DemoApplicationTests {

	@Autowired
	CrayonApiSimulator crayon;

	@Autowired
	DemoApplication.Organizations organizations;

	@Test
	void listWhenTokenEndpointFailsOnceThenRetriedAndServed() {
		this.crayon.failNextTokenRequests(1, 503);
		assertThat(this.organizations.list()).containsKey("TotalHits");
		assertThat(this.crayon.tokenRequests()).extracting(RecordedTokenRequest::outcome)
			.containsExactly(TokenRequestOutcome.INJECTED_FAILURE, TokenRequestOutcome.ISSUED);
		assertThat(this.crayon.apiRequests()).singleElement()
			.satisfies((request) -> assertThat(request.username()).isEqualTo("alice"));
	}

}
