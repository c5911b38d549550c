package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;
import static io.kampachi.common.wire.WireFormat.SIGNATURE_LENGTH;

/**
 * KE3, the initiator's reply to KE2, sent in an unprotected datagram until the responder replies with
 * protected traffic. The initiator repeats its KE1 values and signs {@code Ni | Nr | Gi | Gr}.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x12
 *      1     128  nonce (Ni)
 *    129     256  dhPublicValue (Gi)
 *    385     256  signature
 *    641          end
 * </pre>
 *
 * @param nonce         the initiator nonce Ni, as sent in KE1, {@value WireFormat#NONCE_LENGTH} bytes
 * @param dhPublicValue the initiator Diffie-Hellman public value Gi, as sent in KE1,
 *                      {@value WireFormat#DH_PUBLIC_LENGTH} bytes
 * @param signature     the initiator's RSA signature over {@code Ni | Nr | Gi | Gr},
 *                      {@value WireFormat#SIGNATURE_LENGTH} bytes
 */
public record Ke3(byte[] nonce, byte[] dhPublicValue, byte[] signature) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = NONCE_LENGTH + DH_PUBLIC_LENGTH + SIGNATURE_LENGTH;

    /**
     * Creates a KE3 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke3 {
        nonce = Bytes.copyExact(nonce, NONCE_LENGTH, "nonce");
        dhPublicValue = Bytes.copyExact(dhPublicValue, DH_PUBLIC_LENGTH, "dhPublicValue");
        signature = Bytes.copyExact(signature, SIGNATURE_LENGTH, "signature");
    }

    /** Decodes a KE3, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke3> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE3, Ke3::decodeBody);
    }

    static Decoded<Ke3> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.KE3);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Ke3(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH),
                body.readBytes(SIGNATURE_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.KE3;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(nonce)
                .put(dhPublicValue)
                .put(signature)
                .array();
    }

    /** Returns a copy of the initiator nonce Ni. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** Returns a copy of the initiator Diffie-Hellman public value Gi. */
    @Override
    public byte[] dhPublicValue() {
        return dhPublicValue.clone();
    }

    /** Returns a copy of the initiator's RSA signature over {@code Ni | Nr | Gi | Gr}. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ke3 that
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
        return "Ke3[nonce=" + Bytes.show(nonce)
                + ", dhPublicValue=" + Bytes.show(dhPublicValue)
                + ", signature=" + Bytes.show(signature)
                + "]";
    }
}
