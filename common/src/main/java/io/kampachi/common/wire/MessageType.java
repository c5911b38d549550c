package io.kampachi.common.wire;

import java.util.Optional;

/**
 * The type byte that starts every Kampachi message, with the channel that carries the message.
 */
public enum MessageType {
    HELO(0x01, "HELO", Channel.TCP_PLAIN),
    HELO_OK(0x02, "HELO OK", Channel.TCP_PLAIN),
    HELO_ERROR(0x03, "HELO ERROR", Channel.TCP_PLAIN),
    REGISTER(0x04, "REGISTER", Channel.TCP_PROTECTED),
    REGISTER_OK(0x05, "REGISTER OK", Channel.TCP_PROTECTED),
    AUTH(0x06, "AUTH", Channel.TCP_PROTECTED),
    AUTH_OK(0x07, "AUTH OK", Channel.TCP_PROTECTED),
    KE1(0x10, "KE1", Channel.UDP_HANDSHAKE),
    KE2(0x11, "KE2", Channel.UDP_HANDSHAKE),
    KE3(0x12, "KE3", Channel.UDP_HANDSHAKE),
    CONTROL(0x20, "CONTROL", Channel.TCP_PROTECTED),
    PROBE(0x30, "PROBE", Channel.UDP_PROBE),
    PROBE_REPLY(0x31, "PROBE REPLY", Channel.UDP_PROBE);

    /** Where a message type may appear. A receiver rejects a type that arrives on another channel. */
    public enum Channel {
        /** A plain frame on the TCP control connection, before keys exist. */
        TCP_PLAIN,
        /** The plaintext of a protected record on the TCP control connection (next header 253). */
        TCP_PROTECTED,
        /** An unprotected UDP datagram between peers, {@code SPI | 0 | type | body} with a non-zero SPI. */
        UDP_HANDSHAKE,
        /** An unprotected UDP datagram between a client and the server, {@code 0 | 0 | type | body}. */
        UDP_PROBE
    }

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final String displayName;
    private final Channel channel;

    MessageType(int code, String displayName, Channel channel) {
        this.code = code;
        this.displayName = displayName;
        this.channel = channel;
    }

    /** Returns the type byte, 0 to 255. */
    public int code() {
        return code;
    }

    /** Returns the name used in the protocol description and in error messages, such as {@code HELO OK}. */
    public String displayName() {
        return displayName;
    }

    /** Returns the channel that carries this type. */
    public Channel channel() {
        return channel;
    }

    /**
     * Looks up a type byte.
     *
     * @param code the type byte, read as unsigned, so values outside 0..255 are unknown
     * @return the type, or empty if Kampachi defines no message with that byte
     */
    public static Optional<MessageType> fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }

    /** Returns the display name and the type byte in hex, such as {@code HELO OK (0x02)}, for messages. */
    String describe() {
        return displayName + " (" + hex(code) + ")";
    }

    /** Formats a type byte as {@code 0x} and two lowercase hex digits. */
    static String hex(int code) {
        return "0x" + Character.forDigit(code >>> 4 & 0xf, 16) + Character.forDigit(code & 0xf, 16);
    }
}
