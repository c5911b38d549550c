package io.kampachi.common.protect;

/**
 * Byte layouts of protected messages. All integers are unsigned and big-endian.
 *
 * <pre>
 *   TCP record:    size(4) | messageId(4) | ciphertext | IV(16) | hmac(12)
 *   UDP datagram:  SPI(4)  | messageId(4) | ciphertext | IV(16) | hmac(12)
 * </pre>
 *
 * <ul>
 *   <li>{@code size} counts the bytes after itself, so a stream reader knows where the record
 *       ends. It is at most {@value #MAX_TCP_SIZE}.</li>
 *   <li>{@code SPI} names the tunnel at the receiver: it is the receiver's inbound SPI.</li>
 *   <li>{@code messageId} starts at 1 and grows by one per message in each direction. ID 0 never
 *       carries protected data, because a UDP datagram with ID 0 is an unprotected handshake or
 *       probe message.</li>
 *   <li>{@code ciphertext} is AES-256-CBC, with the {@code IV} that follows it, of
 *       {@code payload | padding | padLength(1) | nextHeader(1)}: the ESP trailer of RFC 4303
 *       section 2.4, padded to a multiple of 16 bytes (see {@link EspPadding}).</li>
 *   <li>{@code hmac} is the first 12 bytes of HMAC-SHA1 (HMAC-SHA1-96, RFC 2404) over every byte
 *       before it, the first four bytes included.</li>
 * </ul>
 */
public final class MessageLayout {

    /** Length of the first field: {@code size} on TCP, {@code SPI} on UDP. */
    public static final int WORD_LENGTH = 4;

    /** Length of {@code size|SPI} and {@code messageId}; the ciphertext starts at this offset. */
    public static final int HEADER_LENGTH = 8;

    /** AES block length, the unit of the ciphertext length. */
    public static final int BLOCK_LENGTH = 16;

    /** Length of the CBC initialisation vector. */
    public static final int IV_LENGTH = 16;

    /** Length of the truncated HMAC-SHA1 tag. */
    public static final int MAC_LENGTH = 12;

    /** Bytes a protected message adds around its padded plaintext. */
    public static final int OVERHEAD = HEADER_LENGTH + IV_LENGTH + MAC_LENGTH;

    /** Shortest protected message: one ciphertext block. */
    public static final int MIN_LENGTH = OVERHEAD + BLOCK_LENGTH;

    /** Largest {@code size} a TCP record may carry; larger ones are rejected before reading the body. */
    public static final int MAX_TCP_SIZE = 65536;

    /** Largest payload that fits in a TCP record of {@link #MAX_TCP_SIZE}. */
    public static final int MAX_TCP_PAYLOAD;

    /** Largest message ID; a sender stops before it would wrap to 0. */
    public static final long MAX_MESSAGE_ID = 0xFFFF_FFFFL;

    static {
        int maxCiphertext = (MAX_TCP_SIZE - (OVERHEAD - WORD_LENGTH)) / BLOCK_LENGTH * BLOCK_LENGTH;
        MAX_TCP_PAYLOAD = maxCiphertext - EspPadding.TRAILER_LENGTH;
    }

    private MessageLayout() {
    }

    /** Returns the length of the protected message that carries {@code payloadLength} bytes. */
    public static int protectedLength(int payloadLength) {
        return OVERHEAD + EspPadding.paddedLength(payloadLength);
    }
}
