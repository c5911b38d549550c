package io.kampachi.client.daemon;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.local.CommandException;
import io.kampachi.client.local.LocalControlServer;
import io.kampachi.client.state.KeyFingerprints;
import io.kampachi.client.state.PemFiles;
import io.kampachi.client.state.StateDirectory;
import io.kampachi.client.tun.TunDevice;
import io.kampachi.client.tun.TunFactory;
import io.kampachi.client.tun.TunReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client daemon: owns the state directory, the TUN device, the CLI socket and the Vert.x instance on whose
 * single event-loop context all session and tunnel state lives.
 */
public final class ClientDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientDaemon.class);

    private final ClientConfig config;
    private final Vertx vertx;
    private final Context context;
    private final KeyPair keyPair;
    private final RSAPublicKey serverKey;
    private final StateDirectory state;
    private final Counters counters = new Counters();
    private final Promise<Void> closed = Promise.promise();
    private TunDevice tun;
    private TunReader tunReader;
    private LocalControlServer localServer;

    private ClientDaemon(ClientConfig config, Vertx vertx, StateDirectory state, KeyPair keyPair,
            RSAPublicKey serverKey) {
        this.config = config;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.state = state;
        this.keyPair = keyPair;
        this.serverKey = serverKey;
    }

    /**
     * Starts a daemon: opens the state directory and key pair, checks the pinned server key, opens the TUN device
     * and the CLI socket.
     */
    public static Future<ClientDaemon> start(ClientConfig config, TunFactory tunFactory) {
        ClientDaemon daemon;
        try {
            StateDirectory state = StateDirectory.open(config.stateDir());
            KeyPair keyPair = state.loadOrCreateKeyPair();
            RSAPublicKey serverKey = PemFiles.readPublic(config.serverPublicKeyFile());
            if (!KeyFingerprints.matches(serverKey, config.serverFingerprint())) {
                return Future.failedFuture(new IOException("config key 'server.fingerprint': "
                        + config.serverPublicKeyFile() + " has fingerprint " + KeyFingerprints.sha256Text(serverKey)
                        + ", not the pinned " + config.serverFingerprint()));
            }
            daemon = new ClientDaemon(config, Vertx.vertx(), state, keyPair, serverKey);
            daemon.tun = tunFactory.open(config.tunName(), config.tunMtu());
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        try {
            daemon.localServer = LocalControlServer.start(config.controlSocket(), daemon::handleLocal);
        } catch (IOException e) {
            daemon.close();
            return Future.failedFuture(e);
        }
        daemon.tunReader = TunReader.start(daemon.tun, packet -> daemon.context.runOnContext(v -> { }));
        LOG.info("Client daemon started: state={} tun={} socket={}", config.stateDir(), daemon.tun.name(),
                config.controlSocket());
        return Future.succeededFuture(daemon);
    }

    private Future<JsonObject> handleLocal(String command, JsonObject args) {
        Promise<JsonObject> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                dispatch(command, args).onComplete(promise);
            } catch (CommandException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    private Future<JsonObject> dispatch(String command, JsonObject args) {
        switch (command) {
            case "status":
                return Future.succeededFuture(status());
            default:
                throw new CommandException("unknown-type", "unknown command '" + command + "'");
        }
    }

    private JsonObject status() {
        return new JsonObject().put("state", "logged-out").put("tun", tun.name())
                .put("server", config.serverHost() + ":" + config.serverPort()).put("counters", counters.toJson());
    }

    /** Returns the daemon's counters. */
    public Counters counters() {
        return counters;
    }

    /** Returns a future that completes when the daemon has stopped. */
    public Future<Void> closeFuture() {
        return closed.future();
    }

    /** Stops everything the daemon started. */
    @Override
    public void close() {
        if (localServer != null) {
            localServer.close();
        }
        if (tunReader != null) {
            tunReader.close();
        }
        if (tun != null) {
            tun.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        LOG.info("Client daemon stopped");
        closed.tryComplete();
    }
}
