package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.IDENTITY_LENGTH;
import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * AUTH, the client's login on the control connection, sent in a protected record. The client signs
 * {@code suite | Ni | Nr | Gi | Gr} with its private key, and the server verifies the signature with the
 * public key stored for the identity.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x06
 *      1       4  identity
 *      5     256  signature
 *    261          end
 * </pre>
 *
 * @param identity  the client's 32-bit Kampachi address, as a signed int holding the unsigned value
 * @param signature the client's RSA signature over {@code suite | Ni | Nr | Gi | Gr},
 *                  {@value WireFormat#SIGNATURE_LENGTH} bytes
 */
public record Auth(int identity, byte[] signature) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = IDENTITY_LENGTH + SIGNATURE_LENGTH;

    /**
     * Creates an AUTH and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Auth {
        signature = Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes an AUTH, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Auth> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.AUTH, Auth::decodeBody);
    }

    static Decoded<Auth> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.AUTH);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Auth(body.readInt(), body.readBytes(SIGNATURE_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .putInt(identity)
                .put(signature)
                .array();
    }

    /** Returns a copy of the client's RSA signature over {@code suite | Ni | Nr | Gi | Gr}. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Auth that
                && identity == that.identity
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        int hash = Integer.hashCode(identity);
        return 31 * hash + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Auth[identity=" + Integer.toUnsignedString(identity)
                + ", signature=" + Bytes.show(signature)
                + "]";
    }
}
