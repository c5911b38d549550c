package io.kampachi.common.wire;

import java.util.Arrays;

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
    public static final int BODY_LENGTH = KeyExchangeFields.SIGNED_LENGTH;

    /**
     * Creates a KE2 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke2 {
        nonce = KeyExchangeFields.copyNonce(nonce);
        dhPublicValue = KeyExchangeFields.copyDhPublicValue(dhPublicValue);
        signature = KeyExchangeFields.copySignature(signature);
    }

    /** Decodes a KE2, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke2> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE2, Ke2::decodeBody);
    }

    static Decoded<Ke2> decodeBody(WireReader body) {
        return KeyExchangeFields.decodeSigned(body, MessageType.KE2, Ke2::new);
    }

    @Override
    public MessageType type() {
        return MessageType.KE2;
    }

    @Override
    public byte[] encode() {
        return KeyExchangeFields.encodeSigned(type(), nonce, dhPublicValue, signature);
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
                && KeyExchangeFields.equal(nonce, dhPublicValue, that.nonce, that.dhPublicValue)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return KeyExchangeFields.hash(nonce, dhPublicValue, signature);
    }

    @Override
    public String toString() {
        return KeyExchangeFields.show("Ke2", nonce, dhPublicValue, signature);
    }
}
