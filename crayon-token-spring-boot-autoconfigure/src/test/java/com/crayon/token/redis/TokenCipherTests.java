package com.crayon.token.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealing a token for the store: only the same credentials (and store key) open it, and the
 * stored form shows neither the token nor a credential.
 */
class TokenCipherTests {

	private static final CrayonAccessToken TOKEN = new CrayonAccessToken("the-token-value", "Bearer",
			Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"));

	private static final String TOKEN_URI = "https://api.crayon.example/api/v1/connect/token";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:10:00Z"), ZoneOffset.UTC);

	private final TokenCipher cipher = TokenCipher.of(null, TOKEN_URI, credentials("client-secret", "password"));

	@Test
	void openWhenSealedWithSameCredentialsThenSameTokenExpiringAsRedisSays() {
		CrayonAccessToken opened = this.cipher.open(this.cipher.seal(TOKEN), Duration.ofMinutes(50), CLOCK);
		assertThat(opened).isEqualTo(TOKEN);
		assertThat(opened.expiresAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
		assertThat(opened.lifetime()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void sealWhenRepeatedThenDifferentIvAndNoTokenInClear() {
		String first = this.cipher.seal(TOKEN);
		String second = this.cipher.seal(TOKEN);
		assertThat(first).isNotEqualTo(second).doesNotContain("the-token-value").doesNotContain("client-secret")
			.doesNotContain("password");
		assertThat(first.substring(0, TokenCipher.FINGERPRINT_LENGTH)).isEqualTo(this.cipher.fingerprint(TOKEN))
			.isEqualTo(second.substring(0, TokenCipher.FINGERPRINT_LENGTH));
	}

	@Test
	void openWhenOtherSecretPasswordOrStoreKeyThenNothingAndAnotherId() {
		for (TokenCipher other : new TokenCipher[] {
				TokenCipher.of(null, TOKEN_URI, credentials("another-secret", "password")),
				TokenCipher.of(null, TOKEN_URI, credentials("client-secret", "another-password")),
				TokenCipher.of(bytes("k".repeat(32)), TOKEN_URI, credentials("client-secret", "password")) }) {
			assertThat(other.open(this.cipher.seal(TOKEN), Duration.ofMinutes(50), CLOCK)).isNull();
			assertThat(other.fingerprint(TOKEN)).isNotEqualTo(this.cipher.fingerprint(TOKEN));
			assertThat(other.id()).isNotEqualTo(this.cipher.id());
		}
	}

	@Test
	void idWhenPartsShiftBetweenFieldsThenDiffers() {
		TokenCipher shifted = TokenCipher.of(null, TOKEN_URI,
				CrayonCredentials.of("client-id", "client-secretp", "user", "assword"));
		assertThat(shifted.id()).isNotEqualTo(this.cipher.id());
		assertThat(this.cipher.id()).hasSize(32).doesNotContain("user").doesNotContain("client-id");
	}

	@Test
	void openWhenTamperedOrGarbageThenNothing() {
		String sealed = this.cipher.seal(TOKEN);
		int dot = TokenCipher.FINGERPRINT_LENGTH + 1;
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(dot));
		for (int i = 0; i < bytes.length; i++) {
			// every byte, IV, ciphertext and tag alike, is covered by the GCM tag
			byte[] flipped = bytes.clone();
			flipped[i] ^= 0x01;
			String tampered = sealed.substring(0, dot) + Base64.getEncoder().encodeToString(flipped);
			assertThat(this.cipher.open(tampered, Duration.ofMinutes(50), CLOCK)).as("byte %d flipped", i).isNull();
		}
		assertThat(this.cipher.open("not a sealed token", Duration.ofMinutes(50), CLOCK)).isNull();
		assertThat(this.cipher.toString()).doesNotContain("client-secret");
	}

	private static CrayonCredentials credentials(String secret, String password) {
		return CrayonCredentials.of("client-id", secret, "user", password);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
