package io.kampachi.common.protect;

import io.kampachi.common.crypto.DirectionKeys;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals outgoing messages of one direction as TCP records or UDP datagrams. {@link MessageLayout}
 * documents the bytes.
 *
 * <p>Steps per message: build {@code payload | ESP trailer} in a scratch array, take a random IV,
 * encrypt with AES-256-CBC into the output behind the 8-byte header, append the IV, write
 * {@code size} or {@code SPI} and the message ID, then append HMAC-SHA1-96 over all of it. Message
 * IDs count up from 1. After ID {@value MessageLayout#MAX_MESSAGE_ID} every call throws
 * {@link MessageIdExhaustedException}.
 *
 * <p>IVs come from a {@link SecureRandom} in batches of {@value #IV_BATCH_LENGTH} bytes, because one
 * call per message would cost more than the encryption of a small packet. The default generator is
 * a per-instance DRBG (NIST SP 800-90A, as the JDK's {@code DRBG} algorithm provides it), which
 * avoids the process-wide lock of the native generator. Buffered IVs are no secret: each one is
 * sent in clear with its message.
 *
 * <p>An instance keeps one initialised AES cipher, one HMAC and its scratch arrays. Its array and
 * buffer methods allocate only what the JCE allocates inside {@code Mac.doFinal} and, once per
 * batch, inside the random generator. It is not thread-safe: one instance belongs to one thread,
 * such as the Vert.x event loop of its channel.
 */
public final class MessageProtector {

    /** Number of random bytes fetched per call to the generator: 256 IVs. */
    static final int IV_BATCH_LENGTH = 4096;

    private final boolean tcp;
    private final int spi;
    private final CbcCipher cipher;
    private final Hmac96 mac;
    private final SecureRandom random;
    private final byte[] ivBatch = new byte[IV_BATCH_LENGTH];
    private int ivBatchPosition = IV_BATCH_LENGTH;
    private byte[] plaintext = new byte[2048];
    private byte[] sealed = new byte[0];
    private long nextMessageId = 1;

    private MessageProtector(boolean tcp, int spi, DirectionKeys keys, SecureRandom random) {
        this.tcp = tcp;
        this.spi = spi;
        this.random = Objects.requireNonNull(random, "random");
        byte[] encryptionKey = keys.encryptionKey();
        byte[] macKey = keys.macKey();
        try {
            cipher = CbcCipher.encrypting(encryptionKey);
            mac = new Hmac96(macKey);
        } finally {
            Arrays.fill(encryptionKey, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /**
     * Creates a protector for TCP records.
     *
     * @param keys the sending direction's keys, for example {@code sessionKeys.sending(role)}
     */
    public static MessageProtector forTcp(DirectionKeys keys) {
        return new MessageProtector(true, 0, keys, defaultRandom());
    }

    /** Creates a protector for TCP records that draws IVs from {@code random}. */
    public static MessageProtector forTcp(DirectionKeys keys, SecureRandom random) {
        return new MessageProtector(true, 0, keys, random);
    }

    /**
     * Creates a protector for UDP datagrams of one tunnel.
     *
     * @param keys the sending direction's keys
     * @param spi the receiver's inbound SPI, written into every datagram
     */
    public static MessageProtector forUdp(DirectionKeys keys, int spi) {
        return new MessageProtector(false, spi, keys, defaultRandom());
    }

    /** Creates a protector for UDP datagrams that draws IVs from {@code random}. */
    public static MessageProtector forUdp(DirectionKeys keys, int spi, SecureRandom random) {
        return new MessageProtector(false, spi, keys, random);
    }

    /** Returns the ID the next message will carry; above {@value MessageLayout#MAX_MESSAGE_ID} when exhausted. */
    public long nextMessageId() {
        return nextMessageId;
    }

    /**
     * Protects a payload into a caller-supplied array. The payload may lie anywhere, even inside
     * the output range, because it is copied into a scratch array first.
     *
     * @param nextHeader the next-header value, 0 to 255 (see {@link NextHeader})
     * @param payload the array holding the payload
     * @param payloadOffset where the payload starts
     * @param payloadLength the payload length, at most {@link MessageLayout#MAX_TCP_PAYLOAD} on TCP
     * @param out the array to write the protected message to, with room for
     *        {@link MessageLayout#protectedLength(int)} bytes at {@code outOffset}
     * @param outOffset where the protected message starts
     * @return the length of the protected message
     * @throws MessageIdExhaustedException if the message ID would wrap, before anything is written
     * @throws IllegalArgumentException if the next header or the payload length is out of range
     * @throws IndexOutOfBoundsException if a range lies outside its array
     */
    public int protectInto(int nextHeader, byte[] payload, int payloadOffset, int payloadLength,
            byte[] out, int outOffset) throws MessageIdExhaustedException {
        int total = checkedProtectedLength(nextHeader, payloadLength);
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        Objects.checkFromIndexSize(outOffset, total, out.length);
        checkMessageIdLeft();
        System.arraycopy(payload, payloadOffset, plaintext(total), 0, payloadLength);
        return seal(nextHeader, payloadLength, out, outOffset);
    }

    /**
     * Protects the payload between {@code payload}'s position and limit into {@code out} at its
     * position. On return both positions have advanced past what was read and written.
     *
     * <p>Heap buffers are read and written through their backing arrays. A direct or read-only
     * {@code out} is written through a scratch array that this instance keeps and grows to the
     * largest message seen.
     *
     * @return the length of the protected message
     * @throws MessageIdExhaustedException if the message ID would wrap, before anything is written
     * @throws IllegalArgumentException if the next header or payload length is out of range, or
     *         {@code out} has fewer than {@link MessageLayout#protectedLength(int)} bytes remaining
     */
    public int protectInto(int nextHeader, ByteBuffer payload, ByteBuffer out) throws MessageIdExhaustedException {
        int payloadLength = payload.remaining();
        int total = checkedProtectedLength(nextHeader, payloadLength);
        if (out.isReadOnly() || out.remaining() < total) {
            throw new IllegalArgumentException("output buffer needs " + total + " writable bytes, has "
                    + (out.isReadOnly() ? "none" : out.remaining()));
        }
        checkMessageIdLeft();
        payload.get(payload.position(), plaintext(total), 0, payloadLength);
        if (out.hasArray()) {
            seal(nextHeader, payloadLength, out.array(), out.arrayOffset() + out.position());
        } else {
            if (sealed.length < total) {
                sealed = new byte[total];
            }
            seal(nextHeader, payloadLength, sealed, 0);
            out.put(out.position(), sealed, 0, total);
        }
        payload.position(payload.limit());
        out.position(out.position() + total);
        return total;
    }

    /**
     * Protects a payload into a new array, for the control channel, where a message's allocation
     * does not matter.
     *
     * @throws MessageIdExhaustedException if the message ID would wrap
     */
    public byte[] protect(int nextHeader, byte[] payload) throws MessageIdExhaustedException {
        byte[] out = new byte[checkedProtectedLength(nextHeader, payload.length)];
        protectInto(nextHeader, payload, 0, payload.length, out, 0);
        return out;
    }

    /** Lets tests reach the end of the message ID space without sending four billion messages. */
    void skipToMessageId(long messageId) {
        nextMessageId = messageId;
    }

    /** Seals the payload that sits at the start of the plaintext scratch array. */
    private int seal(int nextHeader, int payloadLength, byte[] out, int outOffset) {
        long messageId = nextMessageId;
        int padded = EspPadding.pad(plaintext, 0, payloadLength, nextHeader);

        int ivOffset = nextIvOffset();
        int ciphertext = outOffset + MessageLayout.HEADER_LENGTH;
        cipher.encrypt(ivBatch, ivOffset, plaintext, 0, out, ciphertext, padded);
        int ivTarget = ciphertext + padded;
        System.arraycopy(ivBatch, ivOffset, out, ivTarget, MessageLayout.IV_LENGTH);

        int total = MessageLayout.OVERHEAD + padded;
        Bytes.putInt(out, outOffset, tcp ? total - MessageLayout.WORD_LENGTH : spi);
        Bytes.putInt(out, outOffset + MessageLayout.WORD_LENGTH, (int) messageId);
        int macOffset = ivTarget + MessageLayout.IV_LENGTH;
        mac.compute(out, outOffset, macOffset - outOffset, out, macOffset);

        nextMessageId = messageId + 1;
        return total;
    }

    private int nextIvOffset() {
        if (ivBatchPosition == IV_BATCH_LENGTH) {
            random.nextBytes(ivBatch);
            ivBatchPosition = 0;
        }
        int offset = ivBatchPosition;
        ivBatchPosition += MessageLayout.IV_LENGTH;
        return offset;
    }

    private void checkMessageIdLeft() throws MessageIdExhaustedException {
        if (nextMessageId > MessageLayout.MAX_MESSAGE_ID) {
            throw new MessageIdExhaustedException();
        }
    }

    private int checkedProtectedLength(int nextHeader, int payloadLength) {
        if (nextHeader < 0 || nextHeader > 0xff) {
            throw new IllegalArgumentException("next header must be 0 to 255, got " + nextHeader);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        if (tcp && payloadLength > MessageLayout.MAX_TCP_PAYLOAD) {
            throw new IllegalArgumentException("a TCP record carries at most " + MessageLayout.MAX_TCP_PAYLOAD
                    + " payload bytes, got " + payloadLength);
        }
        return MessageLayout.protectedLength(payloadLength);
    }

    /** Returns the plaintext scratch array, grown to hold a message of {@code total} bytes. */
    private byte[] plaintext(int total) {
        if (plaintext.length < total) {
            plaintext = new byte[total];
        }
        return plaintext;
    }

    private static SecureRandom defaultRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime since 9 has DRBG, but a stripped-down provider list might not.
            return new SecureRandom();
        }
    }
}
