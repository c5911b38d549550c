package io.kampachi.common.wire;

import java.util.Optional;

/** The reason byte of a HELO ERROR. */
public enum HeloErrorCode {
    /** The server owns no key with the fingerprint that HELO named. */
    UNKNOWN_SERVER_KEY(1),
    /** HELO named a crypto suite the server does not support. */
    UNSUPPORTED_SUITE(2),
    /** HELO was malformed. */
    MALFORMED_MESSAGE(3),
    /** The server cannot take the client now, for example while it shuts down. */
    SERVER_UNAVAILABLE(4);

    private final int code;

    HeloErrorCode(int code) {
        this.code = code;
    }

    /** Returns the byte sent on the wire, 1 to 4. */
    public int code() {
        return code;
    }

    /** Looks up a wire byte, or returns empty if it names no code. */
    public static Optional<HeloErrorCode> fromCode(int code) {
        for (HeloErrorCode value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
