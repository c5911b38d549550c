package io.kampachi.client.daemon;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named event counters of the daemon, shown by {@code status}: packets carried and, above all, packets dropped and
 * why. Thread-safe, so the TUN reader and the event loop may both count.
 */
public final class Counters {

    /** Inner packets read from the TUN device and sent into a tunnel. */
    public static final String TUN_TO_TUNNEL = "tun.packets.sent";
    /** Inner packets from a tunnel written to the TUN device. */
    public static final String TUNNEL_TO_TUN = "tun.packets.delivered";
    /** TUN packets dropped: not IPv4, or no tunnel to their destination. */
    public static final String DROP_NO_ROUTE = "drop.no-route";
    /** TUN packets dropped because the event loop had too many packets queued. */
    public static final String DROP_QUEUE_FULL = "drop.queue-full";
    /** Datagrams dropped: no tunnel owns their SPI, or the tunnel has no keys yet. */
    public static final String DROP_UNKNOWN_SPI = "drop.unknown-spi";
    /** Datagrams dropped: HMAC, padding or length check failed. */
    public static final String DROP_BAD_AUTH = "drop.bad-auth";
    /** Datagrams dropped: message ID already seen or left of the replay window. */
    public static final String DROP_REPLAY = "drop.replay";
    /** Decrypted packets dropped because their inner source address is not the peer's Kampachi address. */
    public static final String DROP_SPOOFED_SOURCE = "drop.spoofed-source";
    /** Decrypted messages dropped for a next header that does not belong on a peer tunnel. */
    public static final String DROP_BAD_NEXT_HEADER = "drop.bad-next-header";
    /** Datagrams dropped as malformed or unexpected handshake messages. */
    public static final String DROP_BAD_HANDSHAKE = "drop.bad-handshake";

    private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

    /** Adds one to {@code name}. */
    public void increment(String name) {
        values.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    /** Returns the current value of {@code name}. */
    public long get(String name) {
        LongAdder adder = values.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** Returns every counter, sorted by name. */
    public JsonObject toJson() {
        Map<String, Object> sorted = new TreeMap<>();
        values.forEach((key, value) -> sorted.put(key, value.sum()));
        return new JsonObject(sorted);
    }
}
