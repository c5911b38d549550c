package io.kampachi.client.tunnel;

/** Transport path of a tunnel's datagrams, as reported in {@code tunnel.status}. */
public enum TunnelPath {
    DIRECT_UDP("direct-udp"),
    DIRECT_TCP("direct-tcp"),
    RELAY_UDP("relay-udp"),
    RELAY_TCP("relay-tcp"),
    DOWN("down");

    private final String wireName;

    TunnelPath(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the name used in control messages and in {@code list}. */
    public String wireName() {
        return wireName;
    }
}
