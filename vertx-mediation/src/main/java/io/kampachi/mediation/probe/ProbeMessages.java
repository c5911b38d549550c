package io.kampachi.mediation.probe;

import io.vertx.core.buffer.Buffer;

/**
 * PROBE and PROBE REPLY datagrams (big-endian):
 *
 * <pre>
 * PROBE        0(4) | 0(4) | 0x30 | token(16)                                      25 bytes
 * PROBE REPLY  0(4) | 0(4) | 0x31 | token(16) | family(1) = 4 | address(4) | port(2) 32 bytes
 * </pre>
 *
 * The two zero words are the SPI and message id of an unprotected datagram.
 */
final class ProbeMessages {

    static final int TYPE_PROBE = 0x30;
    static final int TYPE_PROBE_REPLY = 0x31;
    static final int TOKEN_LENGTH = 16;
    static final int PROBE_LENGTH = 4 + 4 + 1 + TOKEN_LENGTH;
    static final int FAMILY_IPV4 = 4;

    private ProbeMessages() {
    }

    /** Returns the token of a well-formed PROBE, or {@code null} for anything else. */
    static byte[] parseProbe(Buffer datagram) {
        if (datagram.length() != PROBE_LENGTH || datagram.getInt(0) != 0 || datagram.getInt(4) != 0
                || datagram.getUnsignedByte(8) != TYPE_PROBE) {
            return null;
        }
        return datagram.getBytes(9, PROBE_LENGTH);
    }

    static Buffer reply(byte[] token, int ipv4, int port) {
        return Buffer.buffer(PROBE_LENGTH + 7)
                .appendInt(0)
                .appendInt(0)
                .appendByte((byte) TYPE_PROBE_REPLY)
                .appendBytes(token)
                .appendByte((byte) FAMILY_IPV4)
                .appendInt(ipv4)
                .appendUnsignedShort(port);
    }
}
