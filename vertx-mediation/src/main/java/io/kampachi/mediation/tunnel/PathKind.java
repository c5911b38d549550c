package io.kampachi.mediation.tunnel;

import java.util.Optional;

/** Paths a client can report in {@code tunnel.status}, in the order clients try them. */
public enum PathKind {
    DIRECT_UDP("direct-udp"),
    DIRECT_TCP("direct-tcp"),
    RELAY_UDP("relay-udp"),
    RELAY_TCP("relay-tcp"),
    DOWN("down");

    private final String wireName;

    PathKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Returns the path with this wire name, or empty for an unknown name. */
    public static Optional<PathKind> fromWireName(String name) {
        for (PathKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
