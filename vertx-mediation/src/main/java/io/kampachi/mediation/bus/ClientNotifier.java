package io.kampachi.mediation.bus;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;

/**
 * Sends unsolicited control events to clients, wherever in the cluster their sessions are. A
 * client that is offline simply misses the event; it gets the current state in {@code sync} at
 * its next login.
 *
 * <p>Messages are published rather than sent: for a moment during a re-login two sessions of the
 * same account listen on its address, and the one being replaced must still see its {@code kick}.
 */
public final class ClientNotifier {

    private final Vertx vertx;

    public ClientNotifier(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Sends the event {@code type} with {@code body} to the client with Kampachi address {@code address}. */
    public void send(String address, String type, JsonObject body) {
        vertx.eventBus().publish(EventBusAddresses.session(address), SessionCommands.event(type, body));
    }

    /** Sends the same event to several clients; each gets its own copy of the body. */
    public void sendAll(Collection<String> addresses, String type, JsonObject body) {
        for (String address : addresses) {
            send(address, type, body.copy());
        }
    }

    /** Tells the session {@code sessionId} of {@code address} to close because a newer one replaced it. */
    public void kick(String address, String sessionId) {
        vertx.eventBus().publish(EventBusAddresses.session(address), SessionCommands.kick(sessionId));
    }

    /** Hands a probe's source endpoint to the session that owns the probe token. */
    public void probeSeen(String address, String host, int port) {
        vertx.eventBus().publish(EventBusAddresses.session(address), SessionCommands.probe(host, port));
    }
}
