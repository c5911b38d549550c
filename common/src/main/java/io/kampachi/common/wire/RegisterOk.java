package io.kampachi.common.wire;

import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.IDENTITY_LENGTH;

/**
 * REGISTER OK, the server's reply to a valid REGISTER, sent in a protected record. It carries the
 * Kampachi address assigned to the new account.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x05
 *      1       4  identity
 *      5          end
 * </pre>
 *
 * @param identity the assigned 32-bit Kampachi address, as a signed int holding the unsigned value
 */
public record RegisterOk(int identity) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = IDENTITY_LENGTH;

    /** Decodes a REGISTER OK, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<RegisterOk> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.REGISTER_OK, RegisterOk::decodeBody);
    }

    static Decoded<RegisterOk> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.REGISTER_OK);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new RegisterOk(body.readInt()));
    }

    @Override
    public MessageType type() {
        return MessageType.REGISTER_OK;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .putInt(identity)
                .array();
    }
}
