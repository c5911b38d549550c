package io.kampachi.relay;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the relay's UDP socket.
 *
 * <p>A relay forwards only datagrams that belong to an allocation a mediation node signed. No
 * allocation can exist yet, so every datagram is dropped and counted.
 *
 * <p>TODO: accept signed allocations from the mediation cluster and forward between the two
 * allocated peers; until then peers that cannot reach each other directly have no path.
 */
public final class RelayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RelayVerticle.class);

    private final RelayConfig config;
    private final AtomicLong droppedDatagrams = new AtomicLong();
    private DatagramSocket socket;

    public RelayVerticle(RelayConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        socket.handler(this::onDatagram);
        socket.exceptionHandler(error -> LOG.warn("relay UDP socket error: {}", error.toString()));
        return socket.listen(config.udpPort(), config.bindHost())
                .onSuccess(bound -> LOG.info("relay listening on udp {}", bound.localAddress()));
    }

    @Override
    public Future<?> stop() {
        LOG.info("relay stopping after dropping {} datagrams without an allocation", droppedDatagrams.get());
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    /** Returns the port the UDP socket is bound to. */
    public int udpPort() {
        return socket.localAddress().port();
    }

    /** Returns the number of datagrams dropped because no allocation matched them. */
    public long droppedDatagrams() {
        return droppedDatagrams.get();
    }

    private void onDatagram(DatagramPacket packet) {
        long dropped = droppedDatagrams.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            LOG.debug("relay dropped datagram from {} ({} bytes, no allocation, {} dropped so far)",
                    packet.sender(), packet.data().length(), dropped);
        }
    }
}
