package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.DH_PUBLIC_LENGTH;
import static io.kampachi.common.wire.WireFormat.NONCE_LENGTH;

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
    public static final int BODY_LENGTH = NONCE_LENGTH + DH_PUBLIC_LENGTH;

    /**
     * Creates a HELO OK and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public HeloOk {
        nonce = Bytes.copyExact(nonce, NONCE_LENGTH, "nonce");
        dhPublicValue = Bytes.copyExact(dhPublicValue, DH_PUBLIC_LENGTH, "dhPublicValue");
    }

    /** Decodes a HELO OK, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<HeloOk> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.HELO_OK, HeloOk::decodeBody);
    }

    static Decoded<HeloOk> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.HELO_OK);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new HeloOk(body.readBytes(NONCE_LENGTH), body.readBytes(DH_PUBLIC_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.HELO_OK;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(nonce)
                .put(dhPublicValue)
                .array();
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
        return "HeloOk[nonce=" + Bytes.show(nonce)
                + ", dhPublicValue=" + Bytes.show(dhPublicValue)
                + "]";
    }
}
