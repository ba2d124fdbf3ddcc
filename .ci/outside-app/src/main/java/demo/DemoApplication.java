package demo;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;

@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

	@Service
	public static class Organizations {

		private final WebClient crayon;

		Organizations(@Qualifier("crayonWebClient") WebClient crayon) {
			this.crayon = crayon;
		}

		public Map<String, Object> list() {
			return this.crayon.get().uri("/api/v1/organizations/").retrieve()
				.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { }).block();
		}

	}

}
