package io.kampachi.mediation.config;

import io.kampachi.common.wire.Control;

/**
 * Upper bound on the size of a {@code sync} event, which lists every network of an account with every member and so
 * is the largest envelope the server writes. It has to fit {@link Control#MAX_ENVELOPE_LENGTH}, or the account
 * could never log in again, so the limits on networks per account and members per network are checked against it.
 *
 * <p>The bound assumes the longest values the server accepts: network names and nicknames of 64 UTF-16 units
 * (at most 3 bytes of UTF-8 each, because control characters, which JSON escapes, are rejected), nine-digit network
 * ids, and dotted quads of 15 characters.
 */
public final class SyncBudget {

    /** Longest network name or nickname in UTF-8 bytes: 64 UTF-16 units of at most 3 bytes each. */
    static final int MAX_TEXT_BYTES = 64 * 3;
    /** Longest dotted quad. */
    static final int MAX_ADDRESS_BYTES = 15;
    /** {@code {"address":"…","nickname":"…","online":false}} and the comma before the next member. */
    static final int MAX_MEMBER_BYTES = 44 + MAX_ADDRESS_BYTES + MAX_TEXT_BYTES;
    /** A network view without its members, and the comma before the next network. */
    static final int MAX_NETWORK_BYTES = 97 + MAX_TEXT_BYTES + MAX_ADDRESS_BYTES;
    /** The sync envelope without its networks: type, id, address, nickname, probe token and port. */
    static final int MAX_SYNC_BASE_BYTES = 130 + MAX_ADDRESS_BYTES + MAX_TEXT_BYTES;

    private SyncBudget() {
    }

    /** Returns the largest sync envelope, in bytes, of an account in {@code networks} networks of {@code members}. */
    public static long maxSyncBytes(int networks, int members) {
        return MAX_SYNC_BASE_BYTES + (long) networks * (MAX_NETWORK_BYTES + (long) members * MAX_MEMBER_BYTES);
    }

    /** Tells whether the sync of an account at both limits always fits one envelope. */
    public static boolean fits(int networks, int members) {
        return maxSyncBytes(networks, members) <= Control.MAX_ENVELOPE_LENGTH;
    }
}
