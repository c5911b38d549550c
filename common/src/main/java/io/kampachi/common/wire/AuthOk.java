package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * AUTH OK, the server's reply to a valid AUTH, sent in a protected record. The server signs
 * {@code Nr | Ni | Gr | Gi} with the key whose fingerprint HELO named, and the client verifies it against
 * the key it pinned.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x07
 *      1     256  signature
 *    257          end
 * </pre>
 *
 * @param signature the server's RSA signature over {@code Nr | Ni | Gr | Gi},
 *                  {@value WireFormat#SIGNATURE_LENGTH} bytes
 */
public record AuthOk(byte[] signature) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = SIGNATURE_LENGTH;

    /**
     * Creates an AUTH OK and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public AuthOk {
        signature = Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes an AUTH OK, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<AuthOk> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.AUTH_OK, AuthOk::decodeBody);
    }

    static Decoded<AuthOk> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.AUTH_OK);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new AuthOk(body.readBytes(SIGNATURE_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH_OK;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(signature)
                .array();
    }

    /** Returns a copy of the server's RSA signature over {@code Nr | Ni | Gr | Gi}. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthOk that
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "AuthOk[signature=" + Bytes.show(signature)
                + "]";
    }
}
