package io.kampachi.mediation.bus;

import io.vertx.core.json.JsonObject;

/**
 * Messages sent to a session's event-bus address ({@link EventBusAddresses#session}). Each is a
 * JSON object whose {@code op} member says what the session does:
 *
 * <ul>
 *   <li>{@code event}: send {@code {type, id: 0, body}} to the client as a CONTROL message;</li>
 *   <li>{@code kick}: close the connection, because the same account logged in elsewhere
 *       ({@code sessionId} names the session being replaced, so a newer one is not closed);</li>
 *   <li>{@code probe}: record {@code host} and {@code port} as the mapped UDP endpoint that a probe
 *       with this session's token came from.</li>
 * </ul>
 */
public final class SessionCommands {

    public static final String OP = "op";
    public static final String OP_EVENT = "event";
    public static final String OP_KICK = "kick";
    public static final String OP_PROBE = "probe";

    private SessionCommands() {
    }

    public static JsonObject event(String type, JsonObject body) {
        return new JsonObject().put(OP, OP_EVENT).put("type", type).put("body", body);
    }

    public static JsonObject kick(String sessionId) {
        return new JsonObject().put(OP, OP_KICK).put("sessionId", sessionId);
    }

    public static JsonObject probe(String host, int port) {
        return new JsonObject().put(OP, OP_PROBE).put("host", host).put("port", port);
    }
}
