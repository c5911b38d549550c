package io.kampachi.common.wire;

import java.util.Objects;

/**
 * A decoded unprotected UDP datagram: a peer handshake message (KE1, KE2, KE3) with the SPI it was sent to, or a
 * PROBE or PROBE REPLY with SPI 0.
 *
 * @param spi     the SPI field: the receiver's inbound SPI for a handshake message, 0 for a probe
 * @param message the message after the header
 */
public record UnprotectedDatagram(int spi, Message message) {

    /** @throws NullPointerException if {@code message} is null */
    public UnprotectedDatagram {
        Objects.requireNonNull(message, "message");
    }
}
