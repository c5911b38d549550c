package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;

import static io.kampachi.common.wire.WireFormat.MAX_FRAME_SIZE;
import static io.kampachi.common.wire.WireFormat.SIZE_FIELD_LENGTH;

/**
 * Plain frames on the TCP control connection, which carry HELO, HELO OK and HELO ERROR before keys exist.
 *
 * <pre>
 * offset  length  field
 *      0       4  size: the number of bytes after this field, 1 to 65536
 *      4       1  type
 *      5       n  body, n = size - 1
 * </pre>
 *
 * <p>After HELO OK every frame is a protected record with the same size field, whose plaintext is
 * {@code type(1) | body}. {@link FrameSplitter} splits both kinds from the stream.
 *
 * <pre>{@code
 * socket.write(Buffer.buffer(TcpFrames.encodePlain(new HeloOk(nonce, dhPublicValue))));
 * Decoded<Message> decoded = TcpFrames.decodePlain(frame);   // frame from a FrameSplitter
 * }</pre>
 */
public final class TcpFrames {

    private TcpFrames() {
    }

    /**
     * Encodes a message as a plain frame, {@code size(4) | type(1) | body}.
     *
     * @param message a HELO, HELO OK or HELO ERROR, because every other message goes in a protected record
     * @throws IllegalArgumentException if the message type is not sent in plain frames
     */
    public static byte[] encodePlain(Message message) {
        if (message.type().channel() != MessageType.Channel.TCP_PLAIN) {
            throw new IllegalArgumentException(message.type().displayName() + " is never sent in a plain frame");
        }
        // The longest plain message, a HELO ERROR with a 1024-byte reason, takes 1028 bytes: far below MAX_FRAME_SIZE.
        byte[] encoded = message.encode();
        byte[] frame = new byte[SIZE_FIELD_LENGTH + encoded.length];
        frame[0] = (byte) (encoded.length >>> 24);
        frame[1] = (byte) (encoded.length >>> 16);
        frame[2] = (byte) (encoded.length >>> 8);
        frame[3] = (byte) encoded.length;
        System.arraycopy(encoded, 0, frame, SIZE_FIELD_LENGTH, encoded.length);
        return frame;
    }

    /**
     * Decodes a whole plain frame, size field included, as {@link FrameSplitter} emits it. Never throws.
     *
     * @param frame the frame. Null is reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<Message> decodePlain(Buffer frame) {
        if (frame == null) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "frame is null: expected a size field");
        }
        return decodePlain(frame.getBytes());
    }

    /**
     * Decodes a whole plain frame, size field included. The size must match the bytes that follow it exactly, and a
     * type that is not sent in plain frames is rejected as {@link DecodeError.Kind#WRONG_TYPE}. Never throws.
     *
     * @param frame the frame. Null is reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<Message> decodePlain(byte[] frame) {
        if (frame == null || frame.length < SIZE_FIELD_LENGTH) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "frame is " + (frame == null ? 0 : frame.length)
                    + " bytes: expected at least the " + SIZE_FIELD_LENGTH + "-byte size field");
        }
        long size = new WireReader(frame, 0, SIZE_FIELD_LENGTH).readInt() & 0xffffffffL;
        if (size < 1 || size > MAX_FRAME_SIZE) {
            return Decoded.failed(sizeOutOfRange(size));
        }
        int following = frame.length - SIZE_FIELD_LENGTH;
        if (following < size) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED,
                    "frame size is " + size + " but only " + following + " bytes follow");
        }
        if (following > size) {
            return Decoded.failed(DecodeError.Kind.TRAILING_BYTES,
                    "frame size is " + size + " but " + following + " bytes follow");
        }
        byte[] message = new byte[following];
        System.arraycopy(frame, SIZE_FIELD_LENGTH, message, 0, following);
        Decoded<Message> decoded = Messages.decode(message);
        if (decoded.isOk() && decoded.value().type().channel() != MessageType.Channel.TCP_PLAIN) {
            return Decoded.failed(DecodeError.Kind.WRONG_TYPE, "message type " + decoded.value().type().describe()
                    + " is never sent in a plain frame");
        }
        return decoded;
    }

    /** Describes a size field outside 1..65536. */
    static DecodeError sizeOutOfRange(long size) {
        return new DecodeError(DecodeError.Kind.BAD_LENGTH,
                "frame size " + size + " is out of range: expected 1.." + MAX_FRAME_SIZE);
    }
}
