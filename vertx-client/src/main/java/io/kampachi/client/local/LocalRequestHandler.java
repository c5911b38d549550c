package io.kampachi.client.local;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Carries out one CLI request in the daemon. */
@FunctionalInterface
public interface LocalRequestHandler {

    /**
     * Starts the request and returns its result; a rejection fails the future with a {@link CommandException}.
     * Called on a local-socket worker thread, so an implementation hands the work to its own context.
     */
    Future<JsonObject> handle(String command, JsonObject args);
}
