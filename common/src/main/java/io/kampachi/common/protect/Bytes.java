package io.kampachi.common.protect;

/** Big-endian integer access to byte arrays. */
final class Bytes {

    private Bytes() {
    }

    static void putInt(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }

    static int getInt(byte[] buffer, int offset) {
        return (buffer[offset] & 0xff) << 24
                | (buffer[offset + 1] & 0xff) << 16
                | (buffer[offset + 2] & 0xff) << 8
                | buffer[offset + 3] & 0xff;
    }
}
