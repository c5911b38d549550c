package io.kampachi.common.wire;

/**
 * HELO OK, the server's reply to an acceptable HELO, sent in a plain frame. It carries the server's
 * half of the key agreement. After it both sides derive KEYMAT and protect every further frame.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x02
 *      1     128  nonce (Nr)
 *    129     256  dhPublicValue (Gr)
 *    385          end
 * </pre>
 *
 * @param nonce         the server nonce Nr, {@value WireFormat#NONCE_LENGTH} bytes
 * @param dhPublicValue the server Diffie-Hellman public value Gr, left-padded with zeros,
 *                      {@value WireFormat#DH_PUBLIC_LENGTH} bytes
 */
public record HeloOk(byte[] nonce, byte[] dhPublicValue) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = KeyExchangeFields.LENGTH;

    /**
     * Creates a HELO OK and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public HeloOk {
        nonce = KeyExchangeFields.copyNonce(nonce);
        dhPublicValue = KeyExchangeFields.copyDhPublicValue(dhPublicValue);
    }

    /** Decodes a HELO OK, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<HeloOk> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.HELO_OK, HeloOk::decodeBody);
    }

    static Decoded<HeloOk> decodeBody(WireReader body) {
        return KeyExchangeFields.decode(body, MessageType.HELO_OK, HeloOk::new);
    }

    @Override
    public MessageType type() {
        return MessageType.HELO_OK;
    }

    @Override
    public byte[] encode() {
        return KeyExchangeFields.encode(type(), nonce, dhPublicValue);
    }

    /** Returns a copy of the server nonce Nr. */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** Returns a copy of the server Diffie-Hellman public value Gr. */
    @Override
    public byte[] dhPublicValue() {
        return dhPublicValue.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HeloOk that
                && KeyExchangeFields.equal(nonce, dhPublicValue, that.nonce, that.dhPublicValue);
    }

    @Override
    public int hashCode() {
        return KeyExchangeFields.hash(nonce, dhPublicValue);
    }

    @Override
    public String toString() {
        return KeyExchangeFields.show("HeloOk", nonce, dhPublicValue);
    }
}
