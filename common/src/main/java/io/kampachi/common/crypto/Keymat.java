package io.kampachi.common.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * KEYMAT expansion of crypto suite 1, in the style of the IKEv1 prf+ of RFC 2409.
 *
 * <p>With {@code prf = HMAC-SHA1} keyed by the Diffie-Hellman secret {@code K}, the output is
 * {@code T1 | T2 | T3 | ...} where {@code T1 = prf(K, Ni | Nr | 0x01)} and
 * {@code Tn = prf(K, Tn-1 | Ni | Nr | n)}, {@code n} being a single byte. The counter byte limits
 * the output to 255 blocks of 20 bytes.
 */
public final class Keymat {

    /** Output length of one prf block (HMAC-SHA1) in bytes. */
    public static final int BLOCK_LENGTH = 20;

    /** Maximum KEYMAT length in bytes: 255 blocks, because the block counter is one byte. */
    public static final int MAX_LENGTH = 255 * BLOCK_LENGTH;

    private static final String PRF = "HmacSHA1";

    private Keymat() {
    }

    /**
     * Expands {@code K}, {@code Ni} and {@code Nr} into {@code length} bytes of KEYMAT.
     *
     * @param sharedSecret the Diffie-Hellman secret {@code K}, not empty
     * @param initiatorNonce {@code Ni}
     * @param responderNonce {@code Nr}
     * @param length bytes wanted, from 0 to {@value #MAX_LENGTH}
     * @return the first {@code length} bytes of KEYMAT, which the caller should wipe after use
     * @throws IllegalArgumentException if {@code length} is out of range or {@code K} is empty
     */
    public static byte[] expand(byte[] sharedSecret, byte[] initiatorNonce, byte[] responderNonce, int length) {
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        Objects.requireNonNull(initiatorNonce, "initiatorNonce");
        Objects.requireNonNull(responderNonce, "responderNonce");
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("KEYMAT length must be in [0, " + MAX_LENGTH + "], got " + length);
        }
        Mac prf = newPrf(sharedSecret);
        byte[] out = new byte[length];
        byte[] block = new byte[BLOCK_LENGTH];
        try {
            for (int n = 1, written = 0; written < length; n++) {
                if (n > 1) {
                    prf.update(block);
                }
                prf.update(initiatorNonce);
                prf.update(responderNonce);
                prf.update((byte) n);
                prf.doFinal(block, 0);
                int take = Math.min(BLOCK_LENGTH, length - written);
                System.arraycopy(block, 0, out, written, take);
                written += take;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA1 output does not fit " + BLOCK_LENGTH + " bytes", e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
        return out;
    }

    private static Mac newPrf(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("KEYMAT needs a non-empty shared secret");
        }
        try {
            Mac mac = Mac.getInstance(PRF);
            mac.init(new SecretKeySpec(key, PRF));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK does not provide " + PRF, e);
        }
    }
}
