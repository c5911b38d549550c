package io.kampachi.client.tun;

/**
 * Read-only views of the IPv4 header fields that the client routes and filters on (RFC 791).
 *
 * <pre>
 *   offset 0: version(4 bits) | IHL(4 bits)     offset 9: protocol
 *   offset 2: total length (16 bits)             offset 12: source address
 *                                                offset 16: destination address
 * </pre>
 * Every method takes the whole packet and never reads past its end.
 */
public final class Ipv4Packets {

    /** Smallest valid IPv4 header. */
    public static final int MIN_HEADER_LENGTH = 20;

    private Ipv4Packets() {
    }

    /** Returns true if {@code packet} starts with an IPv4 header whose length fields fit the packet. */
    public static boolean isIpv4(byte[] packet, int length) {
        return isIpv4(packet, 0, length);
    }

    /** Returns true if the {@code length} bytes at {@code offset} start with an IPv4 header that fits them. */
    public static boolean isIpv4(byte[] buffer, int offset, int length) {
        if (length < MIN_HEADER_LENGTH || (buffer[offset] >> 4 & 0x0f) != 4) {
            return false;
        }
        int headerLength = (buffer[offset] & 0x0f) * 4;
        int totalLength = (buffer[offset + 2] & 0xff) << 8 | buffer[offset + 3] & 0xff;
        return headerLength >= MIN_HEADER_LENGTH && headerLength <= totalLength && totalLength <= length;
    }

    /** Returns the source address as a 32-bit integer; call only after {@link #isIpv4}. */
    public static int source(byte[] packet) {
        return readInt(packet, 12);
    }

    /** Returns the source address of the packet at {@code offset}; call only after {@link #isIpv4}. */
    public static int source(byte[] buffer, int offset) {
        return readInt(buffer, offset + 12);
    }

    /** Returns the destination address as a 32-bit integer; call only after {@link #isIpv4}. */
    public static int destination(byte[] packet) {
        return readInt(packet, 16);
    }

    /** Returns the header length in bytes; call only after {@link #isIpv4}. */
    public static int headerLength(byte[] packet) {
        return (packet[0] & 0x0f) * 4;
    }

    /** Returns the protocol number (1 ICMP, 6 TCP, 17 UDP); call only after {@link #isIpv4}. */
    public static int protocol(byte[] packet) {
        return packet[9] & 0xff;
    }

    /** Formats a 32-bit address as a dotted quad. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /**
     * Parses a dotted quad into a 32-bit integer.
     *
     * @throws IllegalArgumentException if {@code text} is not four decimal numbers from 0 to 255
     */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            address = address << 8 | value;
        }
        return address;
    }

    /** Computes the Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}. */
    public static int checksum(byte[] data, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += (data[i] & 0xff) << 8 | data[i + 1] & 0xff;
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8
                | data[offset + 3] & 0xff;
    }
}
