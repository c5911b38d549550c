package io.kampachi.common.protect;

/**
 * ESP trailer of RFC 4303 section 2.4 for a 16-byte block cipher:
 * {@code payload | 1, 2, 3, ..., padLength | padLength(1) | nextHeader(1)}, the padding bringing
 * the total to a multiple of 16 bytes.
 *
 * <p>The sender uses the fewest padding bytes (0 to 15). The receiver accepts any padding length
 * that fits, up to 255 as RFC 4303 allows, provided every padding byte has its expected value.
 */
public final class EspPadding {

    /** Length of the {@code padLength} and {@code nextHeader} bytes. */
    public static final int TRAILER_LENGTH = 2;

    private static final int BLOCK = MessageLayout.BLOCK_LENGTH;

    private EspPadding() {
    }

    /**
     * Returns the padded plaintext length for a payload: the payload, its padding and the two
     * trailer bytes, rounded up to a multiple of 16.
     *
     * @throws IllegalArgumentException if the length is negative or the result would overflow
     */
    public static int paddedLength(int payloadLength) {
        if (payloadLength < 0 || payloadLength > Integer.MAX_VALUE - BLOCK - TRAILER_LENGTH - MessageLayout.OVERHEAD) {
            throw new IllegalArgumentException("payload length out of range: " + payloadLength);
        }
        return (payloadLength + TRAILER_LENGTH + BLOCK - 1) / BLOCK * BLOCK;
    }

    /**
     * Writes padding and trailer after a payload that already sits in {@code buffer}.
     *
     * @param buffer the buffer holding the payload, with room for {@link #paddedLength(int)} bytes
     * @param offset where the payload starts
     * @param payloadLength the payload length
     * @param nextHeader the next-header value, 0 to 255
     * @return the padded length
     */
    public static int pad(byte[] buffer, int offset, int payloadLength, int nextHeader) {
        int padded = paddedLength(payloadLength);
        int padLength = padded - payloadLength - TRAILER_LENGTH;
        int position = offset + payloadLength;
        for (int i = 1; i <= padLength; i++) {
            buffer[position++] = (byte) i;
        }
        buffer[position++] = (byte) padLength;
        buffer[position] = (byte) nextHeader;
        return padded;
    }

    /**
     * Checks the padding of a decrypted plaintext and returns the payload length.
     *
     * @param buffer the buffer holding the plaintext
     * @param offset where the plaintext starts
     * @param length the plaintext length, a positive multiple of 16
     * @return the payload length, or -1 if the padding length does not fit or a padding byte is wrong
     */
    public static int unpad(byte[] buffer, int offset, int length) {
        if (length < TRAILER_LENGTH) {
            return -1;
        }
        int padLength = buffer[offset + length - TRAILER_LENGTH] & 0xff;
        int payloadLength = length - TRAILER_LENGTH - padLength;
        if (payloadLength < 0) {
            return -1;
        }
        int position = offset + payloadLength;
        int wrong = 0;
        for (int i = 1; i <= padLength; i++) {
            wrong |= (buffer[position++] & 0xff) ^ i;
        }
        return wrong == 0 ? payloadLength : -1;
    }

    /** Returns the next-header byte of a plaintext of {@code length} bytes starting at {@code offset}. */
    public static int nextHeader(byte[] buffer, int offset, int length) {
        return buffer[offset + length - 1] & 0xff;
    }
}
