package io.kampachi.common.wire;

import java.util.Objects;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.MAX_REASON_LENGTH;

/**
 * HELO ERROR, the server's rejection of a HELO, sent in a plain frame just before the server closes the connection.
 *
 * <pre>
 * offset  length        field
 *      0  1             type = 0x03
 *      1  1             code, 1 to 4
 *      2  2             reasonLength, 0 to 1024
 *      4  reasonLength  reason, well-formed UTF-8
 *         end
 * </pre>
 *
 * @param code   why the server rejected the HELO
 * @param reason text for the user's log, at most {@value WireFormat#MAX_REASON_LENGTH} bytes of UTF-8, possibly empty
 */
public record HeloError(HeloErrorCode code, String reason) implements Message {

    /** Length of the code and reasonLength fields that precede the reason. */
    public static final int HEADER_LENGTH = 1 + 2;

    /**
     * Creates a HELO ERROR.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the reason takes more than 1024 bytes of UTF-8 or has an unpaired surrogate
     */
    public HeloError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        int length = Utf8.encode(reason, "reason").length;
        if (length > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException(
                    "reason is " + length + " bytes of UTF-8: the maximum is " + MAX_REASON_LENGTH);
        }
    }

    /** Decodes a HELO ERROR, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<HeloError> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.HELO_ERROR, HeloError::decodeBody);
    }

    static Decoded<HeloError> decodeBody(WireReader body) {
        Optional<DecodeError> error =
                body.checkAvailable(HEADER_LENGTH, MessageType.HELO_ERROR, "code and reasonLength");
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        int codeByte = body.readUnsignedByte();
        Optional<HeloErrorCode> code = HeloErrorCode.fromCode(codeByte);
        if (code.isEmpty()) {
            return Decoded.failed(DecodeError.Kind.OUT_OF_RANGE,
                    "HELO ERROR code " + codeByte + " is out of range: expected 1..4");
        }
        int reasonLength = body.readUnsignedShort();
        if (reasonLength > MAX_REASON_LENGTH) {
            return Decoded.failed(DecodeError.Kind.BAD_LENGTH, "HELO ERROR reasonLength " + reasonLength
                    + " is out of range: expected 0.." + MAX_REASON_LENGTH);
        }
        error = body.checkAvailable(reasonLength, MessageType.HELO_ERROR, "reason");
        if (error.isEmpty()) {
            error = body.checkNoMoreThan(reasonLength, MessageType.HELO_ERROR);
        }
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        byte[] reasonBytes = body.readBytes(reasonLength);
        Optional<String> reason = Utf8.decode(reasonBytes, 0, reasonBytes.length);
        if (reason.isEmpty()) {
            return Decoded.failed(DecodeError.Kind.BAD_UTF8, "HELO ERROR reason is not well-formed UTF-8");
        }
        return Decoded.ok(new HeloError(code.get(), reason.get()));
    }

    @Override
    public MessageType type() {
        return MessageType.HELO_ERROR;
    }

    @Override
    public byte[] encode() {
        byte[] reasonBytes = Utf8.encode(reason, "reason");
        return Messages.allocate(type(), HEADER_LENGTH + reasonBytes.length)
                .put((byte) code.code())
                .putShort((short) reasonBytes.length)
                .put(reasonBytes)
                .array();
    }
}
