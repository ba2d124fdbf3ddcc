package com.crayon.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How often a client replaces a token the Crayon API rejected (HTTP 401): at most once per
 * window ({@code max-backoff}), so an API that rejects every token costs one token request per
 * window, not one per call. Callers that report the same rejected token at once share its one
 * replacement.
 */
final class ReauthenticationWindow {

	private static final VarHandle LAST;

	static {
		try {
			LAST = MethodHandles.lookup().findVarHandle(ReauthenticationWindow.class, "last", Reauthentication.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The last replacement: which token was rejected, and when; set through {@link #LAST}. */
	private volatile @Nullable Reauthentication last;

	/**
	 * Decide what happens to a token the API rejected.
	 * @param token the rejected token
	 * @param nowNanos the ticker's reading now
	 * @param window how long after a replacement the next rejection keeps the token
	 * ({@code max-backoff})
	 * @return whether to drop it
	 */
	Verdict rejected(CrayonAccessToken token, long nowNanos, Duration window) {
		for (;;) {
			Reauthentication last = this.last;
			if (last != null && nowNanos - last.atNanos() < window.toNanos()) {
				return last.rejected().equals(token) ? Verdict.SHARE : Verdict.KEEP;
			}
			if (LAST.compareAndSet(this, last, new Reauthentication(token, nowNanos))) {
				return Verdict.REPLACE;
			}
		}
	}

	/**
	 * Return how long ago the last replacement was.
	 * @param nowNanos the ticker's reading now
	 * @return the time since, or {@code null} if there was none
	 */
	@Nullable Duration sinceLast(long nowNanos) {
		Reauthentication last = this.last;
		return (last != null) ? Duration.ofNanos(nowNanos - last.atNanos()) : null;
	}

	/**
	 * Forget every replacement, for credentials that changed: the next rejection replaces.
	 */
	void reset() {
		this.last = null;
	}

	/**
	 * What happens to a rejected token.
	 */
	enum Verdict {

		/** Drop it: the first rejection in the window. */
		REPLACE,

		/** Drop it too: another caller rejected the same token within the window. */
		SHARE,

		/** Keep it: a newer token was rejected within the window, so the API rejects them all. */
		KEEP

	}

	/**
	 * A replacement: the token the API rejected, and when.
	 */
	private record Reauthentication(CrayonAccessToken rejected, long atNanos) {

	}

}
