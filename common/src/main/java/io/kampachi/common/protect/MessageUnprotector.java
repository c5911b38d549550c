package io.kampachi.common.protect;

import io.kampachi.common.crypto.DirectionKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies and opens incoming TCP records or UDP datagrams of one direction. {@link MessageLayout}
 * documents the bytes.
 *
 * <p>Checks, in order, each ending in a {@link RejectReason}: length, {@code size} or SPI,
 * ciphertext length, message ID 0, replay (on TCP exactly the next ID, a window of 2048 IDs on
 * UDP), HMAC-SHA1-96 compared in constant time, and only then decryption, padding and next header.
 * The replay state records an ID only once its HMAC verified, so forged messages cannot advance it.
 * A message with a valid HMAC but bad padding or an unexpected next header still uses up its ID.
 *
 * <p>No input makes these methods throw: every malformed message ends in a rejection. They throw
 * only for caller errors, such as a range outside its array or a read-only buffer.
 *
 * <p>An instance keeps one initialised AES cipher, one HMAC and its scratch arrays. Its array and
 * buffer methods allocate only what the JCE allocates inside {@code Mac.doFinal}. It is not
 * thread-safe: one instance belongs to one thread, such as the Vert.x event loop of its channel.
 */
public final class MessageUnprotector {

    private final boolean tcp;
    private final int spi;
    private final boolean[] allowedNextHeaders = new boolean[256];
    private final CbcCipher cipher;
    private final Hmac96 mac;
    private final ReplayCheck replay;
    private final UnprotectResult sharedResult = new UnprotectResult();
    private byte[] ciphertext = new byte[2048];
    private byte[] directCopy = new byte[0];

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
     * HMAC check the bytes are unchanged, and after it they may contain decrypted plaintext.
     *
     * @return this unprotector's result object, overwritten by its next call
     * @throws IndexOutOfBoundsException if the range lies outside the array
     */
    public UnprotectResult unprotectInPlace(byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        return open(message, offset, length, message, offset + MessageLayout.HEADER_LENGTH, sharedResult);
    }

    /**
     * Verifies a message and decrypts it into another array, leaving the message unchanged. This
     * saves the copy that in-place decryption needs. On success the payload is at
     * {@code out[result.payloadOffset()]}.
     *
     * @param out a different array than {@code message}, with room for {@code length} bytes at
     *        {@code outOffset}, so that any input fits
     * @return this unprotector's result object, overwritten by its next call
     * @throws IllegalArgumentException if {@code out} is {@code message}
     * @throws IndexOutOfBoundsException if a range lies outside its array
     */
    public UnprotectResult unprotectInto(byte[] message, int offset, int length, byte[] out, int outOffset) {
        if (out == message) {
            throw new IllegalArgumentException("use unprotectInPlace to decrypt within one array");
        }
        Objects.checkFromIndexSize(offset, length, message.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        return open(message, offset, length, out, outOffset, sharedResult);
    }

    /**
     * Verifies and decrypts the message between the buffer's position and limit in place. On
     * success the position and limit frame the payload. On a rejection they are unchanged.
     *
     * <p>Heap buffers are processed in their backing arrays. Direct buffers are copied through a
     * scratch array that this instance keeps and grows to the largest message seen.
     *
     * @return this unprotector's result object, overwritten by its next call, whose payload offset
     *         is an index into {@code message}
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
            int start = base + position;
            result = open(message.array(), start, length, message.array(), start + MessageLayout.HEADER_LENGTH,
                    sharedResult);
            if (result.isOk()) {
                result.onBuffer(message, result.payloadOffset() - base);
            }
        } else {
            if (directCopy.length < length) {
                directCopy = new byte[length];
            }
            byte[] work = directCopy;
            message.get(position, work, 0, length);
            result = open(work, 0, length, work, MessageLayout.HEADER_LENGTH, sharedResult);
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
     * Verifies and decrypts a message without changing it, for the control channel, where a
     * message's allocation does not matter.
     *
     * @return a new result that belongs to the caller
     */
    public UnprotectResult unprotect(byte[] message) {
        byte[] plaintext = new byte[message.length];
        UnprotectResult result = open(message, 0, message.length, plaintext, 0, new UnprotectResult());
        if (result.isOk()) {
            byte[] payload = Arrays.copyOf(plaintext, result.payloadLength());
            result.accept(result.nextHeader(), result.messageId(), payload, 0, payload.length);
        }
        return result;
    }

    /**
     * Runs every check on {@code buffer[offset, offset + length)} and decrypts into
     * {@code target[targetOffset]}. The target is either outside the message or exactly where the
     * ciphertext starts. In the second case the ciphertext is copied out first, because the cipher
     * must not read and write overlapping ranges.
     */
    private UnprotectResult open(byte[] buffer, int offset, int length, byte[] target, int targetOffset,
            UnprotectResult result) {
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

        int ciphertextOffset = offset + MessageLayout.HEADER_LENGTH;
        int ivOffset = ciphertextOffset + ciphertextLength;
        byte[] source = buffer;
        int sourceOffset = ciphertextOffset;
        if (target == buffer) {
            if (ciphertext.length < ciphertextLength) {
                ciphertext = new byte[ciphertextLength];
            }
            System.arraycopy(buffer, ciphertextOffset, ciphertext, 0, ciphertextLength);
            source = ciphertext;
            sourceOffset = 0;
        }
        cipher.decrypt(buffer, ivOffset, source, sourceOffset, target, targetOffset, ciphertextLength);

        int payloadLength = EspPadding.unpad(target, targetOffset, ciphertextLength);
        if (payloadLength < 0) {
            return result.reject(RejectReason.BAD_PADDING, messageId);
        }
        int nextHeader = EspPadding.nextHeader(target, targetOffset, ciphertextLength);
        if (!allowedNextHeaders[nextHeader]) {
            return result.reject(RejectReason.UNEXPECTED_NEXT_HEADER, messageId);
        }
        return result.accept(nextHeader, messageId, target, targetOffset, payloadLength);
    }
}
