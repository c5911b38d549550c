package io.kampachi.common.wire;

/**
 * Field sizes and limits of the Kampachi wire format, in bytes unless a name says otherwise.
 *
 * <p>All integers on the wire are unsigned and big-endian.
 */
public final class WireFormat {

    /** The only crypto suite Kampachi speaks: 2048-bit MODP Diffie-Hellman, AES-256-CBC, HMAC-SHA1-96, RSA. */
    public static final int SUITE_1 = 1;

    /** Length of the type byte that starts every message. */
    public static final int TYPE_LENGTH = 1;

    /** Length of a nonce ({@code Ni}, {@code Nr}): 1024 random bits. */
    public static final int NONCE_LENGTH = 128;

    /** Length of a Diffie-Hellman public value ({@code Gi}, {@code Gr}), left-padded with zeros. */
    public static final int DH_PUBLIC_LENGTH = 256;

    /** Length of an RSA-2048 PKCS#1 v1.5 signature. */
    public static final int SIGNATURE_LENGTH = 256;

    /** Length of the MD5 fingerprint of the server's public key that HELO names. */
    public static final int KEY_FINGERPRINT_LENGTH = 16;

    /** Length of a client identity: its 32-bit Kampachi address. */
    public static final int IDENTITY_LENGTH = 4;

    /** Length of the token that a PROBE carries and its PROBE REPLY echoes. */
    public static final int PROBE_TOKEN_LENGTH = 16;

    /** Maximum length of the UTF-8 reason in a HELO ERROR. */
    public static final int MAX_REASON_LENGTH = 1024;

    /** Maximum length of the DER public key in a REGISTER. An RSA-2048 key takes 294 bytes. */
    public static final int MAX_PUBLIC_KEY_LENGTH = 1024;

    /** Address family byte of a PROBE REPLY that carries an IPv4 address. */
    public static final int FAMILY_IPV4 = 4;

    /** Length of an IPv4 address. */
    public static final int IPV4_ADDRESS_LENGTH = 4;

    /** Length of the size field that starts every frame on the TCP control connection. */
    public static final int SIZE_FIELD_LENGTH = 4;

    /**
     * Maximum value of a TCP frame's size field. The size counts the bytes after the field, so a whole frame takes at
     * most {@code SIZE_FIELD_LENGTH + MAX_FRAME_SIZE} bytes.
     */
    public static final int MAX_FRAME_SIZE = 65536;

    /** Length of the SPI that starts every UDP datagram. */
    public static final int SPI_LENGTH = 4;

    /** Length of the message ID that follows the SPI. Unprotected datagrams carry message ID 0. */
    public static final int MESSAGE_ID_LENGTH = 4;

    /** Length of the unprotected datagram header: {@code SPI(4) | 0(4)}. */
    public static final int UDP_HEADER_LENGTH = SPI_LENGTH + MESSAGE_ID_LENGTH;

    private WireFormat() {
    }
}
