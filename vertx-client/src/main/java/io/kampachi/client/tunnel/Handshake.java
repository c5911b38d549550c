package io.kampachi.client.tunnel;

import io.vertx.core.buffer.Buffer;

/**
 * The peer key exchange messages and their UDP datagram layout. A handshake datagram is never protected and
 * carries message ID 0, which no protected datagram uses:
 * <pre>
 *   SPI(4) | 0(4) | type(1) | body          SPI: the receiver's inbound SPI
 *
 *   KE1  0x10  Ni(128) | Gi(256)                           initiator to responder
 *   KE2  0x11  Nr(128) | Gr(256) | sig_r(Nr|Ni|Gr|Gi)(256)  responder to initiator
 *   KE3  0x12  Ni(128) | Gi(256) | sig_i(Ni|Nr|Gi|Gr)(256)  initiator to responder
 * </pre>
 * Signatures are RSA PKCS#1 v1.5 with SHA-1 under each peer's long-term key.
 */
final class Handshake {

    static final int KE1 = 0x10;
    static final int KE2 = 0x11;
    static final int KE3 = 0x12;
    static final int NONCE_LENGTH = 128;
    static final int DH_PUBLIC_LENGTH = 256;
    static final int SIGNATURE_LENGTH = 256;
    static final int HEADER_LENGTH = 4 + 4 + 1;

    private Handshake() {
    }

    /** A decoded handshake message: {@code first} is Ni or Nr, {@code second} Gi or Gr, signature null in KE1. */
    record Message(int spi, int type, byte[] nonce, byte[] dhPublic, byte[] signature) {
    }

    /** Encodes a handshake datagram; {@code signature} must be null for KE1 and present otherwise. */
    static Buffer encode(int spi, int type, byte[] nonce, byte[] dhPublic, byte[] signature) {
        Buffer buffer = Buffer.buffer(HEADER_LENGTH + NONCE_LENGTH + DH_PUBLIC_LENGTH + SIGNATURE_LENGTH);
        buffer.appendInt(spi).appendInt(0).appendByte((byte) type).appendBytes(nonce).appendBytes(dhPublic);
        if (signature != null) {
            buffer.appendBytes(signature);
        }
        return buffer;
    }

    /**
     * Decodes a handshake datagram whose message ID field is 0.
     *
     * @return the message, or null if the type is unknown or the length is wrong for the type
     */
    static Message decode(Buffer datagram) {
        if (datagram.length() < HEADER_LENGTH) {
            return null;
        }
        int type = datagram.getUnsignedByte(8);
        int bodyLength = datagram.length() - HEADER_LENGTH;
        int expected = type == KE1 ? NONCE_LENGTH + DH_PUBLIC_LENGTH
                : type == KE2 || type == KE3 ? NONCE_LENGTH + DH_PUBLIC_LENGTH + SIGNATURE_LENGTH : -1;
        if (bodyLength != expected) {
            return null;
        }
        int offset = HEADER_LENGTH;
        byte[] nonce = datagram.getBytes(offset, offset + NONCE_LENGTH);
        offset += NONCE_LENGTH;
        byte[] dhPublic = datagram.getBytes(offset, offset + DH_PUBLIC_LENGTH);
        offset += DH_PUBLIC_LENGTH;
        byte[] signature = type == KE1 ? null : datagram.getBytes(offset, offset + SIGNATURE_LENGTH);
        return new Message(datagram.getInt(0), type, nonce, dhPublic, signature);
    }
}
