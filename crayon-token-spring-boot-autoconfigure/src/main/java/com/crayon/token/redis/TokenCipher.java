package com.crayon.token.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.crayon.token.CrayonAccessToken;
import com.crayon.token.CrayonCredentials;
import org.jspecify.annotations.Nullable;

/**
 * One client's keys in the store, all derived with HKDF-SHA256 (RFC 5869) from every credential
 * (client secret, password, and the configured store key when there is one) together with the
 * token URI, client id, user name and scope: the entry's id, so that other credentials never
 * find, read, evict or overwrite the entry and Redis shows no guessable name; an AES-256-GCM key
 * that seals the token with a random 96-bit IV per write and the entry's id as associated data;
 * and a keyed fingerprint (HMAC-SHA256) of the token that lets a Lua script compare tokens
 * without decrypting. {@code toString()} shows no key material.
 */
final class TokenCipher {

	/** Hex characters of a fingerprint, the prefix of every stored value. */
	static final int FINGERPRINT_LENGTH = 64;

	/** Bytes of the entry's id (hex in the key: twice as many characters). */
	private static final int ID_LENGTH = 16;

	private static final byte[] SALT = "crayon-token-store-v2".getBytes(StandardCharsets.UTF_8);

	private static final SecureRandom random = new SecureRandom();

	private final String id;

	private final SecretKeySpec encryptionKey;

	private final SecretKeySpec fingerprintKey;

	private final byte[] associatedData;

	private TokenCipher(byte[] prk) {
		byte[] id = new byte[ID_LENGTH];
		System.arraycopy(expand(prk, "entry-id"), 0, id, 0, ID_LENGTH);
		this.id = HexFormat.of().formatHex(id);
		this.encryptionKey = new SecretKeySpec(expand(prk, "aes-256-gcm"), "AES");
		this.fingerprintKey = new SecretKeySpec(expand(prk, "fingerprint"), "HmacSHA256");
		this.associatedData = this.id.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Derive a client's keys.
	 * @param storeKey the configured store key, or {@code null} for none
	 * @param tokenUri the client's token endpoint
	 * @param credentials the client's credentials
	 * @return the client's keys
	 */
	static TokenCipher of(byte @Nullable [] storeKey, String tokenUri, CrayonCredentials credentials) {
		ByteBuffer material = ByteBuffer.allocate(4096);
		put(material, (storeKey != null) ? storeKey : new byte[0]);
		for (String part : new String[] { credentials.clientSecret(), credentials.password(), tokenUri,
				credentials.clientId(), credentials.username(), credentials.scope() }) {
			put(material, part.getBytes(StandardCharsets.UTF_8));
		}
		byte[] ikm = new byte[material.position()];
		material.flip().get(ikm);
		return new TokenCipher(hmac(SALT, ikm));
	}

	/**
	 * Return the entry's id: hex, derived from every credential, never showing one.
	 * @return the id
	 */
	String id() {
		return this.id;
	}

	/**
	 * Return the stored form of a token: fingerprint, a dot, and Base64 of IV and ciphertext of
	 * its type, lifetime and value (how long it has left is the entry's time to live in Redis).
	 */
	String seal(CrayonAccessToken token) {
		byte[] iv = new byte[12];
		random.nextBytes(iv);
		String plain = token.tokenType() + "\n" + token.lifetime().toMillis() + "\n" + token.value();
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, iv));
			cipher.updateAAD(this.associatedData);
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
			return fingerprint(token) + "." + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM unavailable", ex);
		}
	}

	/**
	 * Return the token in a stored value, its expiry placed on the given clock from the time it
	 * has left, or {@code null} if it was not sealed with these keys.
	 * @param stored the stored value
	 * @param left how long the token has left, as Redis reports the entry's time to live
	 * @param clock the clock the token's timestamps are read on
	 */
	@Nullable CrayonAccessToken open(String stored, Duration left, Clock clock) {
		try {
			byte[] in = Base64.getDecoder().decode(stored.substring(FINGERPRINT_LENGTH + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, in, 0, 12));
			cipher.updateAAD(this.associatedData);
			String[] parts = new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8).split("\n", 3);
			Instant expiresAt = clock.instant().plus(left);
			return new CrayonAccessToken(parts[2], parts[0], expiresAt.minusMillis(Long.parseLong(parts[1])),
					expiresAt);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Return the keyed fingerprint of a token, 64 hex characters.
	 */
	String fingerprint(CrayonAccessToken token) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.fingerprintKey);
			return HexFormat.of().formatHex(mac.doFinal(token.value().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/**
	 * Append a part with its length, so that no two different lists of parts give the same bytes.
	 */
	private static void put(ByteBuffer material, byte[] part) {
		if (material.remaining() < 4 + part.length) {
			throw new IllegalArgumentException("Credentials too long for the token store");
		}
		material.putInt(part.length).put(part);
	}

	private static byte[] expand(byte[] prk, String info) {
		byte[] input = (info + "\u0001").getBytes(StandardCharsets.UTF_8);
		return hmac(prk, input);
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	@Override
	public String toString() {
		return "TokenCipher[AES-256-GCM, key hidden]";
	}

}
