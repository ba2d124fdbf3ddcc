package com.crayon.token.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.crayon.token.CrayonAccessToken;
import org.jspecify.annotations.Nullable;

/**
 * Seals a token for the store: AES-256-GCM with a random 96-bit IV per write and the Redis key
 * as associated data, under a key derived with HKDF-SHA256 (RFC 5869) from the client secret or
 * a configured key; beside the ciphertext, a keyed fingerprint (HMAC-SHA256) of the token lets
 * a Lua script compare tokens without decrypting. {@code toString()} shows no key material.
 */
final class TokenCipher {

	/** Hex characters of a fingerprint, the prefix of every stored value. */
	static final int FINGERPRINT_LENGTH = 64;

	private static final byte[] SALT = "crayon-token-store-v1".getBytes(StandardCharsets.UTF_8);

	private static final SecureRandom random = new SecureRandom();

	private final SecretKeySpec encryptionKey;

	private final SecretKeySpec fingerprintKey;

	private final byte[] associatedData;

	TokenCipher(byte[] secret, String redisKey) {
		byte[] prk = hmac(SALT, secret);
		this.encryptionKey = new SecretKeySpec(expand(prk, "aes-256-gcm " + redisKey), "AES");
		this.fingerprintKey = new SecretKeySpec(expand(prk, "fingerprint " + redisKey), "HmacSHA256");
		this.associatedData = redisKey.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return the stored form of a token: fingerprint, a dot, and Base64 of IV and ciphertext.
	 */
	String seal(CrayonAccessToken token) {
		byte[] iv = new byte[12];
		random.nextBytes(iv);
		String plain = token.tokenType() + "\n" + token.issuedAt() + "\n" + token.expiresAt() + "\n" + token.value();
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
	 * Return the token in a stored value, or {@code null} if it was not sealed with this key.
	 */
	@Nullable CrayonAccessToken open(String stored) {
		try {
			byte[] in = Base64.getDecoder().decode(stored.substring(FINGERPRINT_LENGTH + 1));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, in, 0, 12));
			cipher.updateAAD(this.associatedData);
			String[] parts = new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8).split("\n", 4);
			return new CrayonAccessToken(parts[3], parts[0], Instant.parse(parts[1]), Instant.parse(parts[2]));
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
	 * Return the hex SHA-256 of the parts, separated by a character none of them holds.
	 */
	static String hash(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
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
