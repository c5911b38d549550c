package io.kampachi.common.protect;

import io.kampachi.common.crypto.DirectionKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second, deliberately plain implementation of the protected-message layout for tests: one JCE
 * call per step, no in-place tricks, so that it can check {@link MessageProtector} and build
 * messages the protector never would (bad padding, any next header, any ID).
 */
final class ReferenceCodec {

    private ReferenceCodec() {
    }

    /** Seals an already padded plaintext; {@code word} is the SPI, or -1 to write the TCP size. */
    static byte[] seal(DirectionKeys keys, int word, long messageId, byte[] paddedPlaintext, byte[] iv)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new IvParameterSpec(iv));
        byte[] ciphertext = cipher.doFinal(paddedPlaintext);
        int total = 8 + ciphertext.length + 16 + 12;
        ByteBuffer out = ByteBuffer.allocate(total);
        out.putInt(word == -1 ? total - 4 : word).putInt((int) messageId).put(ciphertext).put(iv);
        out.put(tag(keys, out.array(), total - 12));
        return out.array();
    }

    /** Builds {@code payload | 1..padLength | padLength | nextHeader}, with any pad length. */
    static byte[] plaintext(byte[] payload, int padLength, int nextHeader) {
        byte[] plaintext = new byte[payload.length + padLength + 2];
        System.arraycopy(payload, 0, plaintext, 0, payload.length);
        for (int i = 1; i <= padLength; i++) {
            plaintext[payload.length + i - 1] = (byte) i;
        }
        plaintext[plaintext.length - 2] = (byte) padLength;
        plaintext[plaintext.length - 1] = (byte) nextHeader;
        return plaintext;
    }

    /** Checks the tag, then decrypts and returns the padded plaintext of a protected message. */
    static byte[] open(DirectionKeys keys, byte[] message) throws GeneralSecurityException {
        int macOffset = message.length - 12;
        if (!Arrays.equals(tag(keys, message, macOffset), Arrays.copyOfRange(message, macOffset, message.length))) {
            throw new GeneralSecurityException("tag mismatch");
        }
        byte[] iv = Arrays.copyOfRange(message, macOffset - 16, macOffset);
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(message, 8, macOffset - 16 - 8);
    }

    private static byte[] tag(DirectionKeys keys, byte[] data, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA1"));
        mac.update(data, 0, length);
        return Arrays.copyOf(mac.doFinal(), 12);
    }
}
