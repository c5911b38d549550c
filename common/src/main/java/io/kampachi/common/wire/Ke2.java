package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;
import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * KE2, the responder's reply to KE1, sent in an unprotected datagram. The responder signs
 * {@code Nr | Ni | Gr | Gi} but derives no keys yet, because KE1 is not authenticated.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x11
 *      1     128  nonce (Nr)
 *    129     256  dhPublicValue (Gr)
 *    385     256  signature
 *    641          end
 * </pre>
 *
 * @param nonce         the responder nonce Nr, {@value WireFormat#NONCE_LENGTH} bytes
 * @param dhPublicValue the responder Diffie-Hellman public value Gr, left-padded with zeros,
 *                      {@value WireFormat#DH_PUBLIC_LENGTH} bytes
 * @param signature     the responder's RSA signature over {@code Nr | Ni | Gr | Gi},
 *                      {@value WireFormat#SIGNATURE_LENGTH} bytes
 */
public record Ke2(byte[] nonce, byte[] dhPublicValue, byte[] signature) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = NONCE_LENGTH + DH_PUBLIC_LENGTH + SIGNATURE_LENGTH;

    /**
     * Creates a KE2 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke2 {
        nonce = Bytes.copyExact(nonce, NONCE_LENGTH, "nonce");
        dhPublicValue = Bytes.copyExact(dhPublicValue, DH_PUBLIC_LENGTH, "dhPublicValue");
        signature = Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes a KE2, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke2> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE2, Ke2::decodeBody);
    }

    static Decoded<Ke2> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.KE2);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Ke2(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH),
                body.readBytes(SIGNATURE_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.KE2;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(nonce)
                .put(dhPublicValue)
                .put(signature)
                .array();
    }

    /** Returns a copy of the responder nonce Nr. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** Returns a copy of the responder Diffie-Hellman public value Gr. */
    @Override
    public byte[] dhPublicValue() {
        return dhPublicValue.clone();
    }

    /** Returns a copy of the responder's RSA signature over {@code Nr | Ni | Gr | Gi}. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ke2 that
                && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(dhPublicValue, that.dhPublicValue)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(nonce);
        hash = 31 * hash + Arrays.hashCode(dhPublicValue);
        return 31 * hash + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Ke2[nonce=" + Bytes.show(nonce)
                + ", dhPublicValue=" + Bytes.show(dhPublicValue)
                + ", signature=" + Bytes.show(signature)
                + "]";
    }
}
