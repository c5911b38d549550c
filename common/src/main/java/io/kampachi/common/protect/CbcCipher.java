package io.kampachi.common.protect;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-CBC without padding, from one array range into another, with a caller-supplied IV per
 * call and no {@code Cipher.init} per call.
 *
 * <p>CBC encrypts {@code C1 = E(P1 xor IV)} and {@code Ci = E(Pi xor Ci-1)}. So CBC under an IV
 * {@code v} equals CBC under an all-zero IV applied to {@code (P1 xor v) | P2 | ...}, and CBC
 * decryption under {@code v} equals zero-IV decryption followed by XOR of {@code v} into the first
 * block. The JCE cipher is therefore initialised once with a zero IV (it returns to that IV after
 * every {@code doFinal}) and the real IV is applied by hand. Output is byte for byte standard CBC,
 * as the NIST SP 800-38A vectors in the tests show.
 *
 * <p>Source and destination must not overlap: for overlapping ranges the JDK 17 provider copies
 * the input into a fresh array on every call, which is the allocation this class exists to avoid.
 *
 * <p>Not thread-safe.
 */
final class CbcCipher {

    private static final String TRANSFORMATION = "AES/CBC/NoPadding";
    private static final int BLOCK = MessageLayout.BLOCK_LENGTH;

    private final Cipher cipher;

    private CbcCipher(int mode, byte[] key) {
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[BLOCK]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot provide " + TRANSFORMATION + " with a 256-bit key", e);
        }
    }

    /** Creates an encrypting cipher; the caller may wipe {@code key} afterwards. */
    static CbcCipher encrypting(byte[] key) {
        return new CbcCipher(Cipher.ENCRYPT_MODE, key);
    }

    /** Creates a decrypting cipher; the caller may wipe {@code key} afterwards. */
    static CbcCipher decrypting(byte[] key) {
        return new CbcCipher(Cipher.DECRYPT_MODE, key);
    }

    /**
     * Encrypts {@code length} bytes of {@code source} into {@code target} under the IV at
     * {@code iv[ivOffset]}. The first block of {@code source} is overwritten on the way.
     *
     * @param length a positive multiple of 16
     */
    void encrypt(byte[] iv, int ivOffset, byte[] source, int sourceOffset, byte[] target, int targetOffset,
            int length) {
        xorBlock(iv, ivOffset, source, sourceOffset);
        run(source, sourceOffset, target, targetOffset, length);
    }

    /**
     * Decrypts {@code length} bytes of {@code source} into {@code target} under the IV at
     * {@code iv[ivOffset]}, which must lie outside the target range.
     *
     * @param length a positive multiple of 16
     */
    void decrypt(byte[] iv, int ivOffset, byte[] source, int sourceOffset, byte[] target, int targetOffset,
            int length) {
        run(source, sourceOffset, target, targetOffset, length);
        xorBlock(iv, ivOffset, target, targetOffset);
    }

    private void run(byte[] source, int sourceOffset, byte[] target, int targetOffset, int length) {
        try {
            int written = cipher.doFinal(source, sourceOffset, length, target, targetOffset);
            if (written != length) {
                throw new IllegalStateException("AES-CBC wrote " + written + " bytes for " + length);
            }
        } catch (GeneralSecurityException e) {
            // Whole blocks without padding cannot fail, so a failure here means a broken provider.
            Arrays.fill(target, targetOffset, targetOffset + length, (byte) 0);
            throw new IllegalStateException("AES-CBC failed on whole blocks", e);
        }
    }

    private static void xorBlock(byte[] source, int sourceOffset, byte[] target, int targetOffset) {
        for (int i = 0; i < BLOCK; i++) {
            target[targetOffset + i] ^= source[sourceOffset + i];
        }
    }
}
