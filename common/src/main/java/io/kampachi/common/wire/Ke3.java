package io.kampachi.common.wire;

import java.util.Arrays;

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
    public static final int BODY_LENGTH = KeyExchangeFields.SIGNED_LENGTH;

    /**
     * Creates a KE3 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke3 {
        nonce = KeyExchangeFields.copyNonce(nonce);
        dhPublicValue = KeyExchangeFields.copyDhPublicValue(dhPublicValue);
        signature = KeyExchangeFields.copySignature(signature);
    }

    /** Decodes a KE3, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke3> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE3, Ke3::decodeBody);
    }

    static Decoded<Ke3> decodeBody(WireReader body) {
        return KeyExchangeFields.decodeSigned(body, MessageType.KE3, Ke3::new);
    }

    @Override
    public MessageType type() {
        return MessageType.KE3;
    }

    @Override
    public byte[] encode() {
        return KeyExchangeFields.encodeSigned(type(), nonce, dhPublicValue, signature);
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
                && KeyExchangeFields.equal(nonce, dhPublicValue, that.nonce, that.dhPublicValue)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return KeyExchangeFields.hash(nonce, dhPublicValue, signature);
    }

    @Override
    public String toString() {
        return KeyExchangeFields.show("Ke3", nonce, dhPublicValue, signature);
    }
}
