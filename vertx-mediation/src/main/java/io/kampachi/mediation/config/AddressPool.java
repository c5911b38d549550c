package io.kampachi.mediation.config;

/**
 * An IPv4 block from which Kampachi addresses are assigned, written in CIDR form such as
 * {@code 100.64.0.0/10}. The network and broadcast addresses of the block are never assigned, so a
 * pool of prefix length {@code p} holds {@code 2^(32-p) - 2} usable addresses.
 *
 * @param network first address of the block as an unsigned 32-bit value in an int
 * @param prefixLength number of fixed leading bits, from {@value #MIN_PREFIX} to {@value #MAX_PREFIX}
 */
public record AddressPool(int network, int prefixLength) {

    /** Shortest accepted prefix: a /8 is as large as any address plan needs. */
    public static final int MIN_PREFIX = 8;
    /** Longest accepted prefix: a /30 still leaves two usable addresses. */
    public static final int MAX_PREFIX = 30;

    public AddressPool {
        if (prefixLength < MIN_PREFIX || prefixLength > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix length " + prefixLength
                    + " (expected: " + MIN_PREFIX + " to " + MAX_PREFIX + ")");
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set in " + formatAddress(network) + "/" + prefixLength);
        }
    }

    /**
     * Parses CIDR notation.
     *
     * @throws IllegalArgumentException if the text is not an IPv4 block with an accepted prefix length
     */
    public static AddressPool parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("missing '/prefix' in \"" + cidr + "\"");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix length is not a number in \"" + cidr + "\"", e);
        }
        return new AddressPool(parseAddress(cidr.substring(0, slash)), prefix);
    }

    /** Number of addresses that can be assigned. */
    public long usableSize() {
        return (1L << (32 - prefixLength)) - 2;
    }

    /**
     * Returns the usable address at {@code index}, counting from the first address after the
     * network address.
     */
    public int addressAt(long index) {
        if (index < 0 || index >= usableSize()) {
            throw new IndexOutOfBoundsException("index " + index + " (expected: 0 to " + (usableSize() - 1) + ")");
        }
        return (int) ((network & 0xFFFFFFFFL) + 1 + index);
    }

    /** Tells whether {@code address} is one of the usable addresses of the pool. */
    public boolean containsUsable(int address) {
        long offset = (address & 0xFFFFFFFFL) - (network & 0xFFFFFFFFL);
        return offset >= 1 && offset <= usableSize();
    }

    @Override
    public String toString() {
        return formatAddress(network) + "/" + prefixLength;
    }

    /** Formats an address held in an int as a dotted quad. */
    public static String formatAddress(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "."
                + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /**
     * Parses a dotted quad into an int.
     *
     * @throws IllegalArgumentException if the text is not four decimal octets from 0 to 255, written with the ASCII
     *     digits {@code 0-9} and without leading zeros
     */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted-quad IPv4 address: \"" + dotted + "\"");
        }
        int value = 0;
        for (String part : parts) {
            // Character.isDigit accepts digits of other scripts, and inet_aton reads a leading zero as
            // octal, so only the canonical form is accepted.
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("not a dotted-quad IPv4 address: \"" + dotted + "\"");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("octet " + octet + " above 255 in \"" + dotted + "\"");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
