package io.kampachi.common.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/** The 1024-bit handshake nonces {@code Ni} and {@code Nr}. */
public final class Nonces {

    /** Length of a nonce in bytes. */
    public static final int LENGTH = 128;

    private Nonces() {
    }

    /** Generates a {@value #LENGTH}-byte nonce. */
    public static byte[] generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] nonce = new byte[LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }
}
