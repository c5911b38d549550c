package io.kampachi.common.protect;

import io.kampachi.common.crypto.DirectionKeys;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals outgoing messages of one direction as TCP records or UDP datagrams; see
 * {@link MessageLayout} for the bytes.
 *
 * <p>Steps per message: copy the payload behind the 8-byte header, append the ESP trailer, draw a
 * random IV, encrypt with AES-256-CBC, append the IV, write {@code size} or {@code SPI} and the
 * message ID, then append HMAC-SHA1-96 over all of it. Message IDs count up from 1. After ID
 * {@value MessageLayout#MAX_MESSAGE_ID} every call throws {@link MessageIdExhaustedException}.
 *
 * <p>An instance keeps one initialised AES cipher and one HMAC, and allocates nothing per message
 * in the array and heap-buffer methods beyond what the {@link SecureRandom} allocates. It is not
 * thread-safe: one instance belongs to one thread, such as the Vert.x event loop of its channel.
 */
public final class MessageProtector {

    private final boolean tcp;
    private final int spi;
    private final CbcCipher cipher;
    private final Hmac96 mac;
    private final SecureRandom random;
    private final byte[] iv = new byte[MessageLayout.IV_LENGTH];
    private byte[] scratch = new byte[0];
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
        return new MessageProtector(true, 0, keys, new SecureRandom());
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
        return new MessageProtector(false, spi, keys, new SecureRandom());
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
     * Protects a payload into a caller-supplied array.
     *
     * <p>The payload may already sit at {@code out[outOffset + HEADER_LENGTH]}, where it is then
     * encrypted in place without a copy; otherwise it is copied there first.
     *
     * @param nextHeader the next-header value, 0 to 255 (see {@link NextHeader})
     * @param payload the array holding the payload
     * @param payloadOffset where the payload starts
     * @param payloadLength the payload length; at most {@link MessageLayout#MAX_TCP_PAYLOAD} on TCP
     * @param out the array to write the protected message to, with room for
     *        {@link MessageLayout#protectedLength(int)} bytes at {@code outOffset}
     * @param outOffset where the protected message starts
     * @return the length of the protected message
     * @throws MessageIdExhaustedException if the message ID would wrap; nothing is written
     * @throws IllegalArgumentException if the next header or the payload length is out of range
     * @throws IndexOutOfBoundsException if a range lies outside its array
     */
    public int protectInto(int nextHeader, byte[] payload, int payloadOffset, int payloadLength,
            byte[] out, int outOffset) throws MessageIdExhaustedException {
        int total = checkedProtectedLength(nextHeader, payloadLength);
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        Objects.checkFromIndexSize(outOffset, total, out.length);
        if (nextMessageId > MessageLayout.MAX_MESSAGE_ID) {
            throw new MessageIdExhaustedException();
        }
        long messageId = nextMessageId;

        int plaintext = outOffset + MessageLayout.HEADER_LENGTH;
        if (payload != out || payloadOffset != plaintext) {
            System.arraycopy(payload, payloadOffset, out, plaintext, payloadLength);
        }
        int padded = EspPadding.pad(out, plaintext, payloadLength, nextHeader);

        random.nextBytes(iv);
        cipher.encrypt(iv, 0, out, plaintext, padded);
        int ivOffset = plaintext + padded;
        System.arraycopy(iv, 0, out, ivOffset, MessageLayout.IV_LENGTH);

        Bytes.putInt(out, outOffset, tcp ? total - MessageLayout.WORD_LENGTH : spi);
        Bytes.putInt(out, outOffset + MessageLayout.WORD_LENGTH, (int) messageId);
        int macOffset = ivOffset + MessageLayout.IV_LENGTH;
        mac.compute(out, outOffset, macOffset - outOffset, out, macOffset);

        nextMessageId = messageId + 1;
        return total;
    }

    /**
     * Protects the payload between {@code payload}'s position and limit into {@code out} at its
     * position. On return both positions have advanced past what was read and written.
     *
     * <p>Heap buffers are processed in their backing arrays. Direct and read-only buffers are copied
     * through a scratch array that this instance keeps and grows to the largest message seen.
     *
     * @return the length of the protected message
     * @throws MessageIdExhaustedException if the message ID would wrap; nothing is written
     * @throws IllegalArgumentException if the next header or payload length is out of range, or
     *         {@code out} has fewer than {@link MessageLayout#protectedLength(int)} bytes remaining
     */
    public int protectInto(int nextHeader, ByteBuffer payload, ByteBuffer out) throws MessageIdExhaustedException {
        int payloadLength = payload.remaining();
        int total = checkedProtectedLength(nextHeader, payloadLength);
        if (out.remaining() < total || out.isReadOnly()) {
            throw new IllegalArgumentException("output buffer needs " + total + " writable bytes, has "
                    + (out.isReadOnly() ? "none" : out.remaining()));
        }
        if (payload.hasArray() && out.hasArray()) {
            protectInto(nextHeader, payload.array(), payload.arrayOffset() + payload.position(), payloadLength,
                    out.array(), out.arrayOffset() + out.position());
        } else {
            byte[] work = scratch(total);
            payload.get(payload.position(), work, MessageLayout.HEADER_LENGTH, payloadLength);
            protectInto(nextHeader, work, MessageLayout.HEADER_LENGTH, payloadLength, work, 0);
            out.put(out.position(), work, 0, total);
        }
        payload.position(payload.limit());
        out.position(out.position() + total);
        return total;
    }

    /**
     * Protects a payload into a new array; meant for the control channel, where a message's
     * allocation does not matter.
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

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        return scratch;
    }
}
