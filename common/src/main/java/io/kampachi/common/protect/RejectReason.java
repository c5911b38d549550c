package io.kampachi.common.protect;

/**
 * Reason for which {@link MessageUnprotector} rejected a message. The constants follow the order
 * in which the checks run.
 */
public enum RejectReason {
    /** Shorter than {@link MessageLayout#MIN_LENGTH}. */
    TOO_SHORT,
    /** A TCP record whose {@code size} is not the number of bytes after it, or exceeds the maximum. */
    BAD_SIZE,
    /** A UDP datagram whose SPI is not this tunnel's inbound SPI. */
    WRONG_SPI,
    /** The ciphertext is not a whole number of 16-byte blocks. */
    BAD_LENGTH,
    /** Message ID 0, which never carries protected data. */
    ID_ZERO,
    /** An ID already accepted, or on TCP an ID not above the last accepted one. */
    REPLAYED,
    /**
     * A TCP record whose ID skips ahead of the next expected one. TCP delivers every record in
     * order, so a gap means records were removed on the way.
     */
    ID_GAP,
    /** A UDP ID that lies below the replay window. */
    TOO_OLD,
    /** The HMAC does not match; nothing was decrypted. */
    BAD_MAC,
    /** The decrypted padding length does not fit or a padding byte is wrong. */
    BAD_PADDING,
    /** A next-header value the channel does not carry. */
    UNEXPECTED_NEXT_HEADER
}
