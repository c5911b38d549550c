package io.kampachi.mediation.cluster;

import java.util.List;

/**
 * Names of the Hazelcast maps that hold the mediation cluster's shared state. The first five are
 * written through to the database; the others live only in memory and are rebuilt as clients log in.
 */
public final class MapNames {

    /** Kampachi address (dotted quad) to account JSON. Persisted. */
    public static final String ACCOUNTS = "kampachi.accounts";
    /** SHA-256 key fingerprint to Kampachi address, so a key registers only once. Persisted. */
    public static final String ACCOUNT_KEYS = "kampachi.account-keys";
    /** Network id (decimal) to network JSON. Persisted. */
    public static final String NETWORKS = "kampachi.networks";
    /** Lower-case network name to network id, which makes names unique. Persisted. */
    public static final String NETWORK_NAMES = "kampachi.network-names";
    /** {@code networkId/address} to membership JSON. Persisted. */
    public static final String MEMBERSHIPS = "kampachi.memberships";
    /** Kampachi address to the session record of the node holding that client's connection. */
    public static final String SESSIONS = "kampachi.sessions";
    /** Probe token (hex) to the Kampachi address of the session that owns it. */
    public static final String PROBE_TOKENS = "kampachi.probe-tokens";
    /** Sorted address pair {@code a|b} to the tunnel record with both inbound SPIs. */
    public static final String TUNNELS = "kampachi.tunnels";
    /** {@code address/spi} to the tunnel pair key: every inbound SPI a receiver holds. */
    public static final String SPIS = "kampachi.spis";

    /** The maps written through to the database, loaded in full when a node starts. */
    public static final List<String> PERSISTED = List.of(ACCOUNTS, ACCOUNT_KEYS, NETWORKS, NETWORK_NAMES, MEMBERSHIPS);

    private MapNames() {
    }
}
