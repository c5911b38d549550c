package io.kampachi.common.wire;

import java.util.Objects;

/**
 * The reason a decoder rejected its input.
 *
 * @param kind    the class of failure, for callers that react differently to each
 * @param message a sentence naming the field and the offending value, such as
 *                {@code HELO suite 7 is not supported: expected 1}
 */
public record DecodeError(Kind kind, String message) {

    /** Classes of decode failure. */
    public enum Kind {
        /** The input ends before a field that it must contain. */
        TRUNCATED,
        /** Bytes follow the last field of the message. */
        TRAILING_BYTES,
        /** The type byte names no Kampachi message. */
        UNKNOWN_TYPE,
        /** The type byte names a message other than the one the decoder or channel expects. */
        WRONG_TYPE,
        /** A length or size field is outside its allowed range. */
        BAD_LENGTH,
        /** A numeric field or an enumerated value is outside its allowed range. */
        OUT_OF_RANGE,
        /** HELO names a suite other than {@link WireFormat#SUITE_1}, so the server replies with HELO ERROR code 2. */
        UNSUPPORTED_SUITE,
        /** Text that must be UTF-8 is not well-formed UTF-8. */
        BAD_UTF8,
        /** A CONTROL envelope is not one strict JSON object. */
        BAD_JSON,
        /** The input is longer than its container allows. */
        TOO_LARGE,
        /** A required member of a CONTROL envelope is missing. */
        MISSING_FIELD,
        /** A CONTROL envelope has a member other than {@code type}, {@code id} and {@code body}. */
        UNEXPECTED_FIELD,
        /** A field has the wrong JSON type or an invalid format, or a header field has a value its channel forbids. */
        BAD_FIELD
    }

    /**
     * Creates an error.
     *
     * @throws NullPointerException if an argument is null
     */
    public DecodeError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
