package com.crayon.token.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.crayon.token.CrayonAccessToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealing a token for the store: only the same secret and key open it, and the stored form
 * shows neither the token nor the secret.
 */
class TokenCipherTests {

	private static final CrayonAccessToken TOKEN = new CrayonAccessToken("the-token-value", "Bearer",
			Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"));

	private final TokenCipher cipher = new TokenCipher(bytes("client-secret"), "crayon:token:abc");

	@Test
	void openWhenSealedWithSameSecretAndKeyThenSameToken() {
		assertThat(this.cipher.open(this.cipher.seal(TOKEN))).isEqualTo(TOKEN);
	}

	@Test
	void sealWhenRepeatedThenDifferentIvAndNoTokenInClear() {
		String first = this.cipher.seal(TOKEN);
		String second = this.cipher.seal(TOKEN);
		assertThat(first).isNotEqualTo(second).doesNotContain("the-token-value").doesNotContain("client-secret");
		assertThat(first.substring(0, TokenCipher.FINGERPRINT_LENGTH)).isEqualTo(this.cipher.fingerprint(TOKEN))
			.isEqualTo(second.substring(0, TokenCipher.FINGERPRINT_LENGTH));
	}

	@Test
	void openWhenOtherSecretThenNothing() {
		TokenCipher other = new TokenCipher(bytes("another-secret"), "crayon:token:abc");
		assertThat(other.open(this.cipher.seal(TOKEN))).isNull();
		assertThat(other.fingerprint(TOKEN)).isNotEqualTo(this.cipher.fingerprint(TOKEN));
	}

	@Test
	void openWhenMovedToAnotherKeyThenNothing() {
		TokenCipher otherKey = new TokenCipher(bytes("client-secret"), "crayon:token:def");
		assertThat(otherKey.open(this.cipher.seal(TOKEN))).isNull();
	}

	@Test
	void openWhenTamperedOrGarbageThenNothing() {
		String sealed = this.cipher.seal(TOKEN);
		char last = sealed.charAt(sealed.length() - 3);
		String tampered = sealed.substring(0, sealed.length() - 3) + ((last == 'A') ? 'B' : 'A')
				+ sealed.substring(sealed.length() - 2);
		assertThat(this.cipher.open(tampered)).isNull();
		assertThat(this.cipher.open("not a sealed token")).isNull();
		assertThat(this.cipher.toString()).doesNotContain("client-secret");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
