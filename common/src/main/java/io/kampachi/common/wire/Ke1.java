package io.kampachi.common.wire;

/**
 * KE1, the first message of the key exchange between two peers, sent in an unprotected datagram by the
 * initiator (the peer with the smaller inbound SPI) until KE2 arrives.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x10
 *      1     128  nonce (Ni)
 *    129     256  dhPublicValue (Gi)
 *    385          end
 * </pre>
 *
 * @param nonce         the initiator nonce Ni, {@value WireFormat#NONCE_LENGTH} bytes
 * @param dhPublicValue the initiator Diffie-Hellman public value Gi, left-padded with zeros,
 *                      {@value WireFormat#DH_PUBLIC_LENGTH} bytes
 */
public record Ke1(byte[] nonce, byte[] dhPublicValue) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = KeyExchangeFields.LENGTH;

    /**
     * Creates a KE1 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke1 {
        nonce = KeyExchangeFields.copyNonce(nonce);
        dhPublicValue = KeyExchangeFields.copyDhPublicValue(dhPublicValue);
    }

    /** Decodes a KE1, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke1> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE1, Ke1::decodeBody);
    }

    static Decoded<Ke1> decodeBody(WireReader body) {
        return KeyExchangeFields.decode(body, MessageType.KE1, Ke1::new);
    }

    @Override
    public MessageType type() {
        return MessageType.KE1;
    }

    @Override
    public byte[] encode() {
        return KeyExchangeFields.encode(type(), nonce, dhPublicValue);
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

    @Override
    public boolean equals(Object other) {
        return other instanceof Ke1 that
                && KeyExchangeFields.equal(nonce, dhPublicValue, that.nonce, that.dhPublicValue);
    }

    @Override
    public int hashCode() {
        return KeyExchangeFields.hash(nonce, dhPublicValue);
    }

    @Override
    public String toString() {
        return KeyExchangeFields.show("Ke1", nonce, dhPublicValue);
    }
}
