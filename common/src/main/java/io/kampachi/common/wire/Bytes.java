package io.kampachi.common.wire;

import java.util.HexFormat;
import java.util.Objects;

/** Argument checks and display helpers for the byte-array fields of messages. */
final class Bytes {

    private static final int MAX_HEX_SHOWN = 16;

    private Bytes() {
    }

    /**
     * Returns a copy of a fixed-length field.
     *
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not {@code length} bytes long
     */
    static byte[] copyExact(byte[] value, int length, String field) {
        Objects.requireNonNull(value, field);
        if (value.length != length) {
            throw new IllegalArgumentException(field + " is " + value.length + " bytes: expected " + length);
        }
        return value.clone();
    }

    /** Formats a field for {@code toString}: the hex of a short field, the length and a hex prefix of a long one. */
    static String show(byte[] value) {
        HexFormat hex = HexFormat.of();
        if (value.length <= MAX_HEX_SHOWN) {
            return hex.formatHex(value);
        }
        return value.length + " bytes " + hex.formatHex(value, 0, MAX_HEX_SHOWN / 2) + "...";
    }
}
