package io.kampachi.client.state;

import io.kampachi.common.crypto.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;

/** Compares an RSA public key with a fingerprint pinned in a config file. */
public final class KeyFingerprints {

    private KeyFingerprints() {
    }

    /**
     * Returns true if {@code pinned} is the key's OpenSSH SHA-256 fingerprint ({@code SHA256:...}), or its MD5
     * fingerprint as colon-separated hex, with or without an {@code MD5:} prefix and in either letter case.
     */
    public static boolean matches(RSAPublicKey key, String pinned) {
        if (pinned.startsWith("SHA256:")) {
            return MessageDigest.isEqual(pinned.getBytes(StandardCharsets.US_ASCII),
                    Fingerprints.sha256Text(key).getBytes(StandardCharsets.US_ASCII));
        }
        String hex = pinned.startsWith("MD5:") ? pinned.substring(4) : pinned;
        return hex.equalsIgnoreCase(Fingerprints.md5Hex(key));
    }
}
