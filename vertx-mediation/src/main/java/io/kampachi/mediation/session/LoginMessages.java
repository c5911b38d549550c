package io.kampachi.mediation.session;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Bodies of the login messages on the control connection. Each frame is {@code size(4) | type(1) |
 * body}; these methods see {@code type | body} (HELO) or only {@code body} (the rest). Layouts, all
 * integers big-endian:
 *
 * <pre>
 * HELO         0x01  suite(1) | serverKfp(16) | Ni(128) | Gi(256)                plain
 * HELO OK      0x02  Nr(128) | Gr(256)                                           plain
 * HELO ERROR   0x03  code(1) | reasonLength(2) | reason(UTF-8, at most 1024)     plain
 * REGISTER     0x04  keyLength(2) | publicKey(SPKI DER, at most 1024) | sig(256) protected
 * REGISTER OK  0x05  identity(4)                                                 protected
 * AUTH         0x06  identity(4) | sig(256)                                      protected
 * AUTH OK      0x07  sig(256)                                                    protected
 * CONTROL      0x20  UTF-8 JSON envelope                                         protected
 * </pre>
 *
 * Parsers check every length before reading and reject trailing bytes.
 */
final class LoginMessages {

    static final int TYPE_HELO = 0x01;
    static final int TYPE_HELO_OK = 0x02;
    static final int TYPE_HELO_ERROR = 0x03;
    static final int TYPE_REGISTER = 0x04;
    static final int TYPE_REGISTER_OK = 0x05;
    static final int TYPE_AUTH = 0x06;
    static final int TYPE_AUTH_OK = 0x07;
    static final int TYPE_CONTROL = 0x20;

    static final int HELO_ERROR_UNKNOWN_KEY = 1;
    static final int HELO_ERROR_SUITE = 2;
    static final int HELO_ERROR_MALFORMED = 3;
    static final int HELO_ERROR_UNAVAILABLE = 4;

    static final int KFP_LENGTH = 16;
    static final int NONCE_LENGTH = 128;
    static final int DH_LENGTH = 256;
    static final int SIGNATURE_LENGTH = 256;
    static final int MAX_PUBLIC_KEY_LENGTH = 1024;
    static final int MAX_REASON_LENGTH = 1024;
    static final int HELO_LENGTH = 1 + 1 + KFP_LENGTH + NONCE_LENGTH + DH_LENGTH;

    private LoginMessages() {
    }

    /** A login message that does not match its layout. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    record Helo(int suite, byte[] serverKfp, byte[] ni, byte[] gi) {
    }

    record Register(byte[] publicKey, byte[] signature) {
    }

    record Auth(int identity, byte[] signature) {
    }

    /** Parses {@code type | body} of the first frame, which must be a HELO. */
    static Helo parseHelo(Buffer frame) throws MalformedException {
        int type = frame.getUnsignedByte(0);
        if (type != TYPE_HELO) {
            throw new MalformedException("message type 0x" + Integer.toHexString(type)
                    + " before HELO (expected: HELO, 0x01)");
        }
        if (frame.length() != HELO_LENGTH) {
            throw new MalformedException("HELO length " + frame.length() + " (expected: " + HELO_LENGTH + ")");
        }
        int offset = 2;
        byte[] kfp = frame.getBytes(offset, offset + KFP_LENGTH);
        offset += KFP_LENGTH;
        byte[] ni = frame.getBytes(offset, offset + NONCE_LENGTH);
        offset += NONCE_LENGTH;
        return new Helo(frame.getUnsignedByte(1), kfp, ni, frame.getBytes(offset, offset + DH_LENGTH));
    }

    static Register parseRegister(Buffer body) throws MalformedException {
        if (body.length() < 2) {
            throw new MalformedException("REGISTER length " + body.length() + " (expected: at least 2)");
        }
        int keyLength = body.getUnsignedShort(0);
        if (keyLength < 1 || keyLength > MAX_PUBLIC_KEY_LENGTH) {
            throw new MalformedException("REGISTER key length " + keyLength + " (expected: 1 to "
                    + MAX_PUBLIC_KEY_LENGTH + ")");
        }
        int expected = 2 + keyLength + SIGNATURE_LENGTH;
        if (body.length() != expected) {
            throw new MalformedException("REGISTER length " + body.length() + " (expected: " + expected + ")");
        }
        return new Register(body.getBytes(2, 2 + keyLength), body.getBytes(2 + keyLength, expected));
    }

    static Auth parseAuth(Buffer body) throws MalformedException {
        int expected = 4 + SIGNATURE_LENGTH;
        if (body.length() != expected) {
            throw new MalformedException("AUTH length " + body.length() + " (expected: " + expected + ")");
        }
        return new Auth(body.getInt(0), body.getBytes(4, expected));
    }

    static Buffer heloOk(byte[] nr, byte[] gr) {
        return Buffer.buffer(1 + NONCE_LENGTH + DH_LENGTH).appendByte((byte) TYPE_HELO_OK).appendBytes(nr)
                .appendBytes(gr);
    }

    /** Builds a HELO ERROR, cutting the reason to at most 1024 bytes of UTF-8. */
    static Buffer heloError(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_REASON_LENGTH);
        // Cutting may split a multi-byte character; step back to its first byte so the text stays valid UTF-8.
        while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
            length--;
        }
        return Buffer.buffer(4 + length).appendByte((byte) TYPE_HELO_ERROR).appendByte((byte) code)
                .appendUnsignedShort(length).appendBytes(text, 0, length);
    }

    static Buffer registerOk(int identity) {
        return Buffer.buffer(5).appendByte((byte) TYPE_REGISTER_OK).appendInt(identity);
    }

    static Buffer authOk(byte[] signature) {
        return Buffer.buffer(1 + SIGNATURE_LENGTH).appendByte((byte) TYPE_AUTH_OK).appendBytes(signature);
    }
}
