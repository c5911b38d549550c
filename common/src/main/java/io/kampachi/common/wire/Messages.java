package io.kampachi.common.wire;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes any Kampachi message by its type byte.
 *
 * <pre>{@code
 * Decoded<Message> decoded = Messages.decode(bytes);       // bytes = type(1) | body
 * byte[] encoded = new Probe(token).encode();              // the reverse
 * }</pre>
 *
 * <p>The decoders accept any input and never throw: wrong lengths, unknown types, out-of-range values and trailing
 * bytes come back as a {@link Decoded.Failed}. They check structure only. Whether a Diffie-Hellman value lies in
 * range, whether a signature verifies and whether a type is allowed in the current connection state are the
 * caller's checks.
 */
public final class Messages {

    private Messages() {
    }

    /**
     * Decodes one message, {@code type(1) | body}, of any type.
     *
     * @param message the encoded message. Null and empty input are reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<Message> decode(byte[] message) {
        Decoded<MessageType> type = readType(message);
        if (!type.isOk()) {
            return Decoded.failed(type.error());
        }
        WireReader body = new WireReader(message, 1, message.length - 1);
        return decodeBody(type.value(), body).map(Function.identity());
    }

    /**
     * Decodes one message, {@code type(1) | body}, of any type from a Vert.x buffer. The buffer is copied once.
     *
     * @param message the encoded message. Null is reported as {@link DecodeError.Kind#TRUNCATED}
     */
    public static Decoded<Message> decode(Buffer message) {
        if (message == null) {
            return decode((byte[]) null);
        }
        return decode(message.getBytes());
    }

    private static Decoded<? extends Message> decodeBody(MessageType type, WireReader body) {
        return switch (type) {
            case HELO -> Helo.decodeBody(body);
            case HELO_OK -> HeloOk.decodeBody(body);
            case HELO_ERROR -> HeloError.decodeBody(body);
            case REGISTER -> Register.decodeBody(body);
            case REGISTER_OK -> RegisterOk.decodeBody(body);
            case AUTH -> Auth.decodeBody(body);
            case AUTH_OK -> AuthOk.decodeBody(body);
            case KE1 -> Ke1.decodeBody(body);
            case KE2 -> Ke2.decodeBody(body);
            case KE3 -> Ke3.decodeBody(body);
            case CONTROL -> Control.decodeBody(body);
            case PROBE -> Probe.decodeBody(body);
            case PROBE_REPLY -> ProbeReply.decodeBody(body);
        };
    }

    /** Decodes a message that must have type {@code expected}, for the typed {@code decode} methods. */
    static <T extends Message> Decoded<T> decodeAs(byte[] message, MessageType expected,
            Function<WireReader, Decoded<T>> bodyDecoder) {
        Decoded<MessageType> type = readType(message);
        if (!type.isOk()) {
            return Decoded.failed(type.error());
        }
        if (type.value() != expected) {
            return Decoded.failed(DecodeError.Kind.WRONG_TYPE,
                    "message type " + type.value().describe() + " is not the expected " + expected.describe());
        }
        return bodyDecoder.apply(new WireReader(message, 1, message.length - 1));
    }

    private static Decoded<MessageType> readType(byte[] message) {
        if (message == null) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "message is null: expected at least a type byte");
        }
        if (message.length == 0) {
            return Decoded.failed(DecodeError.Kind.TRUNCATED, "message is empty: expected at least a type byte");
        }
        int code = message[0] & 0xff;
        Optional<MessageType> type = MessageType.fromCode(code);
        if (type.isEmpty()) {
            return Decoded.failed(DecodeError.Kind.UNKNOWN_TYPE,
                    "message type " + MessageType.hex(code) + " is unknown");
        }
        return Decoded.ok(type.get());
    }

    /** Allocates a buffer for {@code type(1) | body} and writes the type byte. */
    static ByteBuffer allocate(MessageType type, int bodyLength) {
        return ByteBuffer.allocate(WireFormat.TYPE_LENGTH + bodyLength).put((byte) type.code());
    }
}
