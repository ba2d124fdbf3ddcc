package com.crayon.token.redis;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts the store runs, each one atomic step on a client's entry, lease and channel,
 * which share one hash slot.
 */
final class RedisScripts {

	/** Read the entry with the milliseconds it has left, by Redis's clock: {@code <ms>|<value>}, or nil. */
	static final RedisScript<String> READ = RedisScript.of("""
			local v = redis.call('GET', KEYS[1])
			if not v then return false end
			return redis.call('PTTL', KEYS[1]) .. '|' .. v""", String.class);

	/**
	 * Write the entry while this instance holds the lease, or else only over an entry that
	 * expires earlier (an older token never replaces a newer one); release the lease and wake
	 * the waiters; 1 if written, 0 if not.
	 */
	static final RedisScript<Long> WRITE = RedisScript.of("""
			local ours = ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3]
			if not ours then
				local left = redis.call('PTTL', KEYS[1])
				if left >= tonumber(ARGV[2]) then return 0 end
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			if ours then redis.call('DEL', KEYS[2]) end
			redis.call('PUBLISH', KEYS[3], 'written')
			return 1""", Long.class);

	/** Take the lease, or take back one this instance holds; 1 if taken, 0 if another holds it. */
	static final RedisScript<Long> LEASE = RedisScript.of("""
			local v = redis.call('GET', KEYS[1])
			if v and v ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return 1""", Long.class);

	/** Release this instance's lease and wake the waiters. */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
			redis.call('PUBLISH', KEYS[2], 'released')
			return 1""", Long.class);

	/**
	 * Delete the entry only if it still holds the rejected token (compared by fingerprint), or
	 * whatever it holds when no fingerprint is given.
	 */
	static final RedisScript<Long> EVICT = RedisScript.of("""
			local v = redis.call('GET', KEYS[1])
			if v and (ARGV[1] == '' or string.sub(v, 1, %d) == ARGV[1]) then return redis.call('DEL', KEYS[1]) end
			return 0""".formatted(TokenCipher.FINGERPRINT_LENGTH), Long.class);

	private RedisScripts() {
	}

}
