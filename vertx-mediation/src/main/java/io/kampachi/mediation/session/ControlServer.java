package io.kampachi.mediation.session;

import io.kampachi.mediation.MediationServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * TCP listener for control connections. Each accepted connection becomes a {@link ClientSession}
 * that lives on this verticle's event loop; several instances of the verticle share the port.
 */
public final class ControlServer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final MediationServices services;
    private final int probePort;
    private final IntConsumer boundPort;
    /** Open sessions; touched only on this verticle's event loop. */
    private final Set<ClientSession> sessions = new HashSet<>();
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
        ClientSession session = new ClientSession(vertx, services, socket, probePort, sessions::remove);
        sessions.add(session);
        session.start();
    }

    @Override
    public Future<?> stop() {
        for (ClientSession session : Set.copyOf(sessions)) {
            session.close("server stopping");
        }
        return server == null ? Future.succeededFuture() : server.close();
    }
}
