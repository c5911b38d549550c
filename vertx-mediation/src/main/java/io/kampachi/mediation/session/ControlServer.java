package io.kampachi.mediation.session;

import io.kampachi.mediation.MediationServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * TCP listener for control connections. Each accepted connection becomes a {@link ClientSession}
 * that lives on this verticle's event loop; several instances of the verticle share the port.
 */
public final class ControlServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** Maximum wait in {@link #stop} for the cleanup of closed sessions. */
    static final long CLEANUP_TIMEOUT_MS = 15_000;

    private final MediationServices services;
    private final int probePort;
    private final IntConsumer boundPort;
    /** Open sessions; touched only on this verticle's event loop. */
    private final Set<ClientSession> sessions = new HashSet<>();
    /** Cleanups of closed sessions that have not finished; touched only on this verticle's event loop. */
    private final Set<Future<Void>> cleanups = new HashSet<>();
    private NetServer server;

    /**
     * @param probePort UDP port announced to clients in {@code sync}
     * @param boundPort receives the port the listener bound, once started
     */
    public ControlServer(MediationServices services, int probePort, IntConsumer boundPort) {
        this.services = services;
        this.probePort = probePort;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        server.connectHandler(this::accept);
        String host = services.config().control().host();
        return server.listen(services.config().control().port(), host).onSuccess(bound -> {
            boundPort.accept(bound.actualPort());
            LOG.info("control server listening host={} port={}/tcp", host, bound.actualPort());
        });
    }

    private void accept(NetSocket socket) {
        ClientSession session = new ClientSession(vertx, services, socket, probePort, this::closed);
        sessions.add(session);
        session.start();
    }

    private void closed(ClientSession session) {
        sessions.remove(session);
        Future<Void> cleanup = session.cleanup();
        if (!cleanup.isComplete()) {
            cleanups.add(cleanup);
            cleanup.onComplete(ignored -> cleanups.remove(cleanup));
        }
    }

    @Override
    public Future<?> stop() {
        for (ClientSession session : Set.copyOf(sessions)) {
            session.close("server stopping");
        }
        return awaitCleanups().compose(ignored -> server == null ? Future.succeededFuture() : server.close());
    }

    /**
     * Waits for the cleanup of the closed sessions, so that their presence is removed while the node is still in the
     * cluster, but for at most {@link #CLEANUP_TIMEOUT_MS}.
     */
    private Future<Void> awaitCleanups() {
        if (cleanups.isEmpty()) {
            return Future.succeededFuture();
        }
        int pending = cleanups.size();
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(CLEANUP_TIMEOUT_MS, id -> {
            LOG.warn("session cleanup timed out sessions={} timeoutMs={}", cleanups.size(), CLEANUP_TIMEOUT_MS);
            done.tryComplete();
        });
        Future.join(List.copyOf(cleanups)).onComplete(ignored -> {
            vertx.cancelTimer(timer);
            LOG.info("session cleanup finished sessions={}", pending);
            done.tryComplete();
        });
        return done.future();
    }
}
