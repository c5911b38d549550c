package io.kampachi.common.wire;

import java.util.Arrays;
import java.util.Optional;

/**
 * A cursor over a region of a byte array. Decoders check the remaining length with the {@code check} methods before
 * reading, so the {@code read} methods never run past the region.
 */
final class WireReader {

    private final byte[] bytes;
    private final int limit;
    private int position;

    WireReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    int remaining() {
        return limit - position;
    }

    int readUnsignedByte() {
        return bytes[position++] & 0xff;
    }

    int readUnsignedShort() {
        int value = (bytes[position] & 0xff) << 8 | (bytes[position + 1] & 0xff);
        position += 2;
        return value;
    }

    int readInt() {
        int value = (bytes[position] & 0xff) << 24
                | (bytes[position + 1] & 0xff) << 16
                | (bytes[position + 2] & 0xff) << 8
                | (bytes[position + 3] & 0xff);
        position += 4;
        return value;
    }

    byte[] readBytes(int length) {
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** Checks that exactly {@code expected} bytes remain for the rest of a fixed-length body. */
    Optional<DecodeError> checkExactly(int expected, MessageType type) {
        int remaining = remaining();
        if (remaining < expected) {
            return Optional.of(new DecodeError(DecodeError.Kind.TRUNCATED, type.displayName() + " is truncated: "
                    + remaining + " bytes remain where " + expected + " are expected"));
        }
        return checkNoMoreThan(expected, type);
    }

    /** Checks that at least {@code needed} bytes remain for {@code field}. */
    Optional<DecodeError> checkAvailable(int needed, MessageType type, String field) {
        int remaining = remaining();
        if (remaining < needed) {
            return Optional.of(new DecodeError(DecodeError.Kind.TRUNCATED, type.displayName() + " is truncated in "
                    + field + ": " + remaining + " bytes remain where " + needed + " are expected"));
        }
        return Optional.empty();
    }

    /** Checks that nothing but the {@code expected} remaining bytes follows. */
    Optional<DecodeError> checkNoMoreThan(int expected, MessageType type) {
        int trailing = remaining() - expected;
        if (trailing > 0) {
            return Optional.of(new DecodeError(DecodeError.Kind.TRAILING_BYTES, type.displayName() + " has "
                    + trailing + (trailing == 1 ? " trailing byte" : " trailing bytes") + " after its last field"));
        }
        return Optional.empty();
    }
}
