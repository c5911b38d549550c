package io.kampachi.client.control;

import io.vertx.core.buffer.Buffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects the client-server TCP records after HELO OK:
 * <pre>
 *   size(4) | messageId(4) | ciphertext | IV(16) | hmac(12)
 * </pre>
 * {@code size} counts the bytes after itself; the HMAC covers every byte before it. The client is the initiator,
 * so it sends with the first key pair of KEYMAT and receives with the second. Received message IDs must grow.
 */
final class ControlCipher {

    static final int NEXT_HEADER_CONTROL = 253;
    private static final int IV = 16;
    private static final int TAG = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec sendKey;
    private final SecretKeySpec sendMacKey;
    private final SecretKeySpec receiveKey;
    private final SecretKeySpec receiveMacKey;
    private long nextSendId = 1;
    private long lastReceivedId;

    ControlCipher(byte[] keymat) {
        this(keymat, true);
    }

    /** Builds the cipher for the initiator (the client) or for the responder (a server). */
    ControlCipher(byte[] keymat, boolean initiator) {
        int send = initiator ? 0 : 52;
        int receive = initiator ? 52 : 0;
        sendKey = new SecretKeySpec(Arrays.copyOfRange(keymat, send, send + 32), "AES");
        sendMacKey = new SecretKeySpec(Arrays.copyOfRange(keymat, send + 32, send + 52), "HmacSHA1");
        receiveKey = new SecretKeySpec(Arrays.copyOfRange(keymat, receive, receive + 32), "AES");
        receiveMacKey = new SecretKeySpec(Arrays.copyOfRange(keymat, receive + 32, receive + 52), "HmacSHA1");
    }

    /** Protects one encoded message, {@code type | body}, as one record. */
    Buffer seal(Buffer message) throws GeneralSecurityException {
        if (nextSendId > 0xffffffffL) {
            throw new GeneralSecurityException("message IDs exhausted");
        }
        int length = message.length();
        int padded = (length + 2 + 15) / 16 * 16;
        byte[] plain = new byte[padded];
        message.getBytes(plain, 0);
        int padLength = padded - length - 2;
        for (int i = 0; i < padLength; i++) {
            plain[length + i] = (byte) (i + 1);
        }
        plain[padded - 2] = (byte) padLength;
        plain[padded - 1] = (byte) NEXT_HEADER_CONTROL;
        byte[] iv = new byte[IV];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, sendKey, new IvParameterSpec(iv));
        byte[] ciphertext = cipher.doFinal(plain);
        Buffer record = Buffer.buffer(4 + 4 + padded + IV + TAG);
        record.appendInt(4 + padded + IV + TAG).appendInt((int) nextSendId++).appendBytes(ciphertext).appendBytes(iv);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(sendMacKey);
        mac.update(record.getBytes());
        record.appendBytes(mac.doFinal(), 0, TAG);
        return record;
    }

    /**
     * Verifies and decrypts one whole record (size field included).
     *
     * @return {@code type | body}
     * @throws GeneralSecurityException if the HMAC, the message ID, the padding or the next header is wrong
     */
    Buffer open(Buffer record) throws GeneralSecurityException {
        byte[] bytes = record.getBytes();
        int cipherLength = bytes.length - 8 - IV - TAG;
        if (cipherLength < 16 || cipherLength % 16 != 0) {
            throw new GeneralSecurityException("record length " + bytes.length);
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(receiveMacKey);
        mac.update(bytes, 0, bytes.length - TAG);
        byte[] tag = Arrays.copyOf(mac.doFinal(), TAG);
        if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(bytes, bytes.length - TAG, bytes.length))) {
            throw new GeneralSecurityException("bad HMAC");
        }
        long id = record.getUnsignedInt(4);
        if (id <= lastReceivedId) {
            throw new GeneralSecurityException("message ID " + id + " after " + lastReceivedId);
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, receiveKey, new IvParameterSpec(bytes, 8 + cipherLength, IV));
        byte[] plain = cipher.doFinal(bytes, 8, cipherLength);
        if ((plain[cipherLength - 1] & 0xff) != NEXT_HEADER_CONTROL) {
            throw new GeneralSecurityException("next header " + (plain[cipherLength - 1] & 0xff));
        }
        int padLength = plain[cipherLength - 2] & 0xff;
        int length = cipherLength - 2 - padLength;
        if (length < 1) {
            throw new GeneralSecurityException("bad padding");
        }
        for (int i = 0; i < padLength; i++) {
            if (plain[length + i] != (byte) (i + 1)) {
                throw new GeneralSecurityException("bad padding");
            }
        }
        lastReceivedId = id;
        return Buffer.buffer(Arrays.copyOf(plain, length));
    }
}
