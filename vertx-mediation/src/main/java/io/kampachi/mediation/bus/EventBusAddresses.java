package io.kampachi.mediation.bus;

/**
 * Every event-bus address the mediation server uses. All start with {@value #PREFIX} so that they
 * never collide with other Kampachi parts or with Vert.x's own addresses.
 *
 * <p>A session address is a clustered consumer: any node can reach the node with a client's
 * connection by sending to it. Its messages are JSON objects described by {@link SessionCommands}.
 */
public final class EventBusAddresses {

    public static final String PREFIX = "kampachi.mediation.";

    /** Prefix of the per-client session address; the Kampachi address (dotted quad) follows. */
    public static final String SESSION_PREFIX = PREFIX + "session.";

    /** Request-reply: counters of tunnel paths and probes on this node, for admin tools and tests. */
    public static final String ADMIN_STATS = PREFIX + "admin.stats";

    private EventBusAddresses() {
    }

    /** Returns the address of the session of the client with Kampachi address {@code address}. */
    public static String session(String address) {
        return SESSION_PREFIX + address;
    }
}
