package io.kampachi.client.tunnel;

import io.vertx.core.buffer.Buffer;

/**
 * The keys of one established peer tunnel: protects what this side sends and verifies what the peer sends, as
 * protected UDP datagrams ({@code SPI | messageId | ciphertext | IV | hmac}).
 */
interface TunnelCipher {

    /**
     * Protects {@code length} bytes of {@code payload} with the given next header as one datagram for
     * {@code outboundSpi}.
     *
     * @throws IllegalStateException if the outbound message ID would wrap: the tunnel must rekey
     */
    Buffer seal(int nextHeader, byte[] payload, int offset, int length);

    /**
     * Verifies, replay-checks and decrypts a datagram that arrived on this tunnel's inbound SPI.
     *
     * @return the next header and payload
     * @throws OpenException with the reason the datagram was dropped
     */
    Opened open(Buffer datagram) throws OpenException;

    /** A verified and decrypted message. */
    record Opened(int nextHeader, byte[] payload) {
    }

    /** Why a datagram was dropped. */
    enum DropReason {
        /** HMAC, length or padding check failed. */
        BAD_AUTH,
        /** The message ID was already accepted or is left of the window. */
        REPLAY
    }

    /** A datagram that did not open. */
    final class OpenException extends Exception {

        private final DropReason reason;

        OpenException(DropReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        DropReason reason() {
            return reason;
        }
    }
}
