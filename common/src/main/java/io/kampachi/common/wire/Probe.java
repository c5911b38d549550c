package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

import static io.kampachi.common.wire.WireFormat.PROBE_TOKEN_LENGTH;

/**
 * PROBE, a datagram from a client to the server's probe port, {@code 0(4) | 0(4) | type | body}. The
 * server replies with a PROBE REPLY that reports the source address it saw.
 *
 * <pre>
 * offset  length  field
 *      0       1  type = 0x30
 *      1      16  token
 *     17          end
 * </pre>
 *
 * @param token the probe token that the server handed out in the sync event,
 *              {@value WireFormat#PROBE_TOKEN_LENGTH} bytes
 */
public record Probe(byte[] token) implements Message {

    /** Length of the body after the type byte. */
    public static final int BODY_LENGTH = PROBE_TOKEN_LENGTH;

    /**
     * Creates a PROBE and copies the arrays.
     *
     * @throws IllegalArgumentException if an array has the wrong length
     */
    public Probe {
        token = Bytes.copyExact(token, PROBE_TOKEN_LENGTH, "token");
    }

    /** Decodes a PROBE, {@code type(1) | body}, and rejects any other type. Never throws. */
    public static Decoded<Probe> decode(byte[] message) {
        return Messages.decodeAs(message, MessageType.PROBE, Probe::decodeBody);
    }

    static Decoded<Probe> decodeBody(WireReader body) {
        Optional<DecodeError> error = body.checkExactly(BODY_LENGTH, MessageType.PROBE);
        if (error.isPresent()) {
            return Decoded.failed(error.get());
        }
        return Decoded.ok(new Probe(body.readBytes(PROBE_TOKEN_LENGTH)));
    }

    @Override
    public MessageType type() {
        return MessageType.PROBE;
    }

    @Override
    public byte[] encode() {
        return Messages.allocate(type(), BODY_LENGTH)
                .put(token)
                .array();
    }

    /** Returns a copy of the probe token that the server handed out in the sync event. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Probe that
                && Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "Probe[token=" + Bytes.show(token)
                + "]";
    }
}
