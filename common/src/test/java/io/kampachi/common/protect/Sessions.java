package io.kampachi.common.protect;

import io.kampachi.common.crypto.SessionKeys;
import java.util.Random;

/** Session keys for tests, from seeded KEYMAT so that failures reproduce. */
final class Sessions {

    private Sessions() {
    }

    static SessionKeys keys(long seed) {
        byte[] keymat = new byte[SessionKeys.KEYMAT_LENGTH];
        new Random(seed).nextBytes(keymat);
        return SessionKeys.fromKeymat(keymat);
    }
}
