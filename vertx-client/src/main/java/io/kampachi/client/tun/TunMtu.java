package io.kampachi.client.tun;

/**
 * Sizes that decide the TUN interface MTU.
 *
 * <p>An inner packet travels inside one UDP datagram of the tunnel protocol:
 * <pre>
 *   IPv4 header 20 + UDP header 8                               = 28
 *   SPI 4 + message ID 4 + IV 16 + truncated HMAC-SHA1 12       = 36
 *   ESP padding (0..15) + pad length 1 + next header 1          &lt;= 17
 * </pre>
 * So an inner packet of {@code 1500 - 28 - 36 - 17 = 1419} bytes always fits a path MTU of 1500 without
 * fragmentation, whatever its length modulo the 16-byte cipher block.
 */
public final class TunMtu {

    /** Path MTU assumed for the underlay: plain Ethernet. */
    public static final int PATH_MTU = 1500;

    /** Outer IPv4 header plus UDP header. */
    public static final int IPV4_UDP_HEADERS = 20 + 8;

    /** Protected datagram fields around the ciphertext: SPI, message ID, IV and HMAC tag. */
    public static final int DATAGRAM_FIELDS = 4 + 4 + 16 + 12;

    /** Worst-case growth from padding to the AES block plus the pad-length and next-header bytes. */
    public static final int MAX_PADDING_AND_TRAILER = 15 + 2;

    /** Default TUN MTU: 1419 bytes. */
    public static final int DEFAULT = PATH_MTU - IPV4_UDP_HEADERS - DATAGRAM_FIELDS - MAX_PADDING_AND_TRAILER;

    private TunMtu() {
    }

    /** Returns the largest inner packet that fits one datagram on a path with the given MTU. */
    public static int forPathMtu(int pathMtu) {
        return pathMtu - IPV4_UDP_HEADERS - DATAGRAM_FIELDS - MAX_PADDING_AND_TRAILER;
    }
}
