package io.kampachi.mediation.presence;

import io.vertx.core.json.JsonObject;

/**
 * A candidate UDP endpoint of a client, as listed in {@code tunnel.open}.
 *
 * @param kind {@link #UDP_MAPPED} (seen by the probe server), {@link #UDP_REPORTED} (the port the
 *     client reported, on the address its control connection came from) or {@link #UDP_LAN}
 * @param host literal IP address
 * @param port UDP port
 */
public record Endpoint(String kind, String host, int port) {

    public static final String UDP_MAPPED = "udp-mapped";
    public static final String UDP_REPORTED = "udp-reported";
    public static final String UDP_LAN = "udp-lan";

    public JsonObject toJson() {
        return new JsonObject().put("kind", kind).put("host", host).put("port", port);
    }
}
