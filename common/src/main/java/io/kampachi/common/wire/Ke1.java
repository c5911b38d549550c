package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;

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
    public static final int BODY_LENGTH = NONCE_LENGTH + DH_PUBLIC_LENGTH;

    /**
     * Creates a KE1 and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Ke1 {
        nonce = Bytes.copyExact(nonce, NONCE_LENGTH, "nonce");
        dhPublicValue = Bytes.copyExact(dhPublicValue, DH_PUBLIC_LENGTH, "dhPublicValue");
    }

    /** Decodes a KE1, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Ke1> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.KE1, Ke1::decodeBody);
    }

    static Decoded<Ke1> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.KE1);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Ke1(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.KE1;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(nonce)
                .put(dhPublicValue)
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

    @Override
    public boolean equals(Object other) {
        return other instanceof Ke1 that
                && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(dhPublicValue, that.dhPublicValue);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(nonce);
        return 31 * hash + Arrays.hashCode(dhPublicValue);
    }

    @Override
    public String toString() {
        return "Ke1[nonce=" + Bytes.show(nonce)
                + ", dhPublicValue=" + Bytes.show(dhPublicValue)
                + "]";
    }
}
