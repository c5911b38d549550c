package io.kampachi.client.control;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff for reconnects: the n-th delay is drawn uniformly from
 * {@code [base * 2^n / 2, base * 2^n]}, capped at {@code max}, so that many clients that lost one server do not
 * return in step.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    public Backoff(long baseMillis, long maxMillis) {
        if (baseMillis <= 0 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("base " + baseMillis + " ms, max " + maxMillis + " ms");
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    /** Returns the next delay in milliseconds and advances the attempt count. */
    public long nextDelayMillis() {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt, 20));
        attempt++;
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** Returns how many delays were handed out since the last reset. */
    public int attempts() {
        return attempt;
    }

    /** Starts over after a successful connection. */
    public void reset() {
        attempt = 0;
    }
}
