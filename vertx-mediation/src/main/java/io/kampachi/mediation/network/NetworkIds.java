package io.kampachi.mediation.network;

import java.security.SecureRandom;

/** Network ids: random numbers from 1 to 999,999,999, shown as nine digits {@code 123-456-789}. */
public final class NetworkIds {

    /** Ids are below this bound, so they always fit nine decimal digits. */
    public static final long BOUND = 1_000_000_000L;

    private static final SecureRandom RANDOM = new SecureRandom();

    private NetworkIds() {
    }

    /** Draws a random id from 1 to {@code BOUND - 1}. */
    public static long random() {
        return 1 + (RANDOM.nextLong() & Long.MAX_VALUE) % (BOUND - 1);
    }

    /** Formats {@code id} as three groups of three digits with leading zeros, e.g. {@code 004-250-017}. */
    public static String display(long id) {
        if (id < 0 || id >= BOUND) {
            throw new IllegalArgumentException("network id " + id + " (expected: 0 to " + (BOUND - 1) + ")");
        }
        String digits = String.format("%09d", id);
        return digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
    }

    /** Tells whether {@code id} is a possible network id. */
    public static boolean isValid(long id) {
        return id > 0 && id < BOUND;
    }
}
