package io.kampachi.common.protect;

import io.kampachi.common.crypto.DirectionKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies and opens incoming TCP records or UDP datagrams of one direction; see
 * {@link MessageLayout} for the bytes.
 *
 * <p>Checks, in order, each ending in a {@link RejectReason}: length, {@code size} or SPI,
 * ciphertext length, message ID 0, replay (strictly increasing IDs on TCP, a window of 2048 IDs on
 * UDP), HMAC-SHA1-96 compared in constant time, and only then decryption, padding and next header.
 * The replay state records an ID only once its HMAC verified, so forged messages cannot advance it.
 * A message with a valid HMAC but bad padding or an unexpected next header still uses up its ID.
 *
 * <p>No input makes these methods throw: every malformed message ends in a rejection. They throw
 * only for caller errors, such as a range outside its array or a read-only buffer.
 *
 * <p>An instance keeps one initialised AES cipher and one HMAC, and allocates nothing per message
 * in the in-place methods. It is not thread-safe: one instance belongs to one thread, such as the
 * Vert.x event loop of its channel.
 */
public final class MessageUnprotector {

    private final boolean tcp;
    private final int spi;
    private final boolean[] allowedNextHeaders = new boolean[256];
    private final CbcCipher cipher;
    private final Hmac96 mac;
    private final ReplayCheck replay;
    private final UnprotectResult sharedResult = new UnprotectResult();
    private byte[] scratch = new byte[0];

    private MessageUnprotector(boolean tcp, int spi, DirectionKeys keys, Set<Integer> allowed) {
        this.tcp = tcp;
        this.spi = spi;
        this.replay = tcp ? new IncreasingIdCheck() : new SlidingWindowCheck();
        for (int nextHeader : allowed) {
            if (nextHeader < 0 || nextHeader > 0xff) {
                throw new IllegalArgumentException("next header must be 0 to 255, got " + nextHeader);
            }
            allowedNextHeaders[nextHeader] = true;
        }
        byte[] encryptionKey = keys.encryptionKey();
        byte[] macKey = keys.macKey();
        try {
            cipher = CbcCipher.decrypting(encryptionKey);
            mac = new Hmac96(macKey);
        } finally {
            Arrays.fill(encryptionKey, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /**
     * Creates an unprotector for TCP records.
     *
     * @param keys the receiving direction's keys, for example {@code sessionKeys.receiving(role)}
     * @param allowedNextHeaders the next-header values this channel carries, such as
     *        {@link NextHeader#CLIENT_SERVER}
     */
    public static MessageUnprotector forTcp(DirectionKeys keys, Set<Integer> allowedNextHeaders) {
        return new MessageUnprotector(true, 0, keys, allowedNextHeaders);
    }

    /**
     * Creates an unprotector for UDP datagrams of one tunnel.
     *
     * @param keys the receiving direction's keys
     * @param spi this side's inbound SPI, which every datagram of the tunnel carries
     * @param allowedNextHeaders the next-header values this tunnel carries, such as
     *        {@link NextHeader#PEER_TUNNEL}
     */
    public static MessageUnprotector forUdp(DirectionKeys keys, int spi, Set<Integer> allowedNextHeaders) {
        return new MessageUnprotector(false, spi, keys, allowedNextHeaders);
    }

    /**
     * Verifies and decrypts a message in place. On success the payload is at
     * {@code message[result.payloadOffset()]}, inside the given range. On a rejection before the
     * HMAC check the bytes are unchanged; after it they may hold decrypted plaintext.
     *
     * @return this unprotector's result object, overwritten by its next call
     * @throws IndexOutOfBoundsException if the range lies outside the array
     */
    public UnprotectResult unprotectInPlace(byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        return open(message, offset, length, sharedResult);
    }

    /**
     * Verifies and decrypts the message between the buffer's position and limit in place. On
     * success the position and limit frame the payload; on a rejection they are unchanged.
     *
     * <p>Heap buffers are processed in their backing arrays. Direct buffers are copied through a
     * scratch array that this instance keeps and grows to the largest message seen.
     *
     * @return this unprotector's result object, overwritten by its next call; its payload offset is
     *         an index into {@code message}
     * @throws IllegalArgumentException if the buffer is read-only
     */
    public UnprotectResult unprotectInPlace(ByteBuffer message) {
        if (message.isReadOnly()) {
            throw new IllegalArgumentException("cannot decrypt a read-only buffer in place");
        }
        int position = message.position();
        int length = message.remaining();
        UnprotectResult result;
        if (message.hasArray()) {
            int base = message.arrayOffset();
            result = open(message.array(), base + position, length, sharedResult);
            if (result.isOk()) {
                result.onBuffer(message, result.payloadOffset() - base);
            }
        } else {
            byte[] work = scratch(length);
            message.get(position, work, 0, length);
            result = open(work, 0, length, sharedResult);
            if (result.isOk()) {
                message.put(position + result.payloadOffset(), work, result.payloadOffset(), result.payloadLength());
                result.onBuffer(message, position + result.payloadOffset());
            }
        }
        if (result.isOk()) {
            message.limit(result.payloadOffset() + result.payloadLength());
            message.position(result.payloadOffset());
        }
        return result;
    }

    /**
     * Verifies and decrypts a copy of a message, leaving {@code message} unchanged; meant for the
     * control channel.
     *
     * @return a new result that belongs to the caller
     */
    public UnprotectResult unprotect(byte[] message) {
        byte[] copy = message.clone();
        UnprotectResult result = open(copy, 0, copy.length, new UnprotectResult());
        if (result.isOk()) {
            byte[] payload = Arrays.copyOfRange(copy, result.payloadOffset(), result.payloadOffset()
                    + result.payloadLength());
            result.accept(result.nextHeader(), result.messageId(), payload, 0, payload.length);
        }
        return result;
    }

    private UnprotectResult open(byte[] buffer, int offset, int length, UnprotectResult result) {
        if (length < MessageLayout.MIN_LENGTH) {
            return result.reject(RejectReason.TOO_SHORT, 0);
        }
        int word = Bytes.getInt(buffer, offset);
        if (tcp) {
            long size = word & 0xFFFF_FFFFL;
            if (size != length - MessageLayout.WORD_LENGTH || size > MessageLayout.MAX_TCP_SIZE) {
                return result.reject(RejectReason.BAD_SIZE, 0);
            }
        } else if (word != spi) {
            return result.reject(RejectReason.WRONG_SPI, 0);
        }
        int ciphertextLength = length - MessageLayout.OVERHEAD;
        if (ciphertextLength % MessageLayout.BLOCK_LENGTH != 0) {
            return result.reject(RejectReason.BAD_LENGTH, 0);
        }
        long messageId = Bytes.getInt(buffer, offset + MessageLayout.WORD_LENGTH) & 0xFFFF_FFFFL;
        if (messageId == 0) {
            return result.reject(RejectReason.ID_ZERO, 0);
        }
        RejectReason replayed = replay.check(messageId);
        if (replayed != null) {
            return result.reject(replayed, messageId);
        }

        int macOffset = length - MessageLayout.MAC_LENGTH;
        if (!mac.verify(buffer, offset, macOffset)) {
            return result.reject(RejectReason.BAD_MAC, messageId);
        }
        replay.accept(messageId);

        int plaintext = offset + MessageLayout.HEADER_LENGTH;
        cipher.decrypt(buffer, plaintext + ciphertextLength, buffer, plaintext, ciphertextLength);
        int payloadLength = EspPadding.unpad(buffer, plaintext, ciphertextLength);
        if (payloadLength < 0) {
            return result.reject(RejectReason.BAD_PADDING, messageId);
        }
        int nextHeader = EspPadding.nextHeader(buffer, plaintext, ciphertextLength);
        if (!allowedNextHeaders[nextHeader]) {
            return result.reject(RejectReason.UNEXPECTED_NEXT_HEADER, messageId);
        }
        return result.accept(nextHeader, messageId, buffer, plaintext, payloadLength);
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        return scratch;
    }
}
