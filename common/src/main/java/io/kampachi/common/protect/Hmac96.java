package io.kampachi.common.protect;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA1-96 (RFC 2404): HMAC-SHA1 truncated to its first 12 bytes, computed into reused arrays.
 * Not thread-safe.
 */
final class Hmac96 {

    private static final String ALGORITHM = "HmacSHA1";
    private static final int FULL_LENGTH = 20;

    private final Mac mac;
    private final byte[] full = new byte[FULL_LENGTH];
    private final byte[] expected = new byte[MessageLayout.MAC_LENGTH];
    private final byte[] received = new byte[MessageLayout.MAC_LENGTH];

    /** Creates an instance keyed with {@code key}; the caller may wipe {@code key} afterwards. */
    Hmac96(byte[] key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not provide " + ALGORITHM, e);
        }
    }

    /** Writes the 12-byte tag of {@code buffer[offset, offset + length)} to {@code out[outOffset]}. */
    void compute(byte[] buffer, int offset, int length, byte[] out, int outOffset) {
        digest(buffer, offset, length);
        System.arraycopy(full, 0, out, outOffset, MessageLayout.MAC_LENGTH);
    }

    /**
     * Checks in constant time that the 12 bytes at {@code buffer[offset + length]} are the tag of
     * {@code buffer[offset, offset + length)}.
     */
    boolean verify(byte[] buffer, int offset, int length) {
        digest(buffer, offset, length);
        System.arraycopy(full, 0, expected, 0, MessageLayout.MAC_LENGTH);
        System.arraycopy(buffer, offset + length, received, 0, MessageLayout.MAC_LENGTH);
        return MessageDigest.isEqual(expected, received);
    }

    private void digest(byte[] buffer, int offset, int length) {
        mac.update(buffer, offset, length);
        try {
            mac.doFinal(full, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 output does not fit " + FULL_LENGTH + " bytes", e);
        }
    }
}
