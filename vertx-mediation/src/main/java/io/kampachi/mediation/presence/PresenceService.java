package io.kampachi.mediation.presence;

import io.kampachi.mediation.bus.ClientNotifier;
import io.kampachi.mediation.network.NetworkService;
import io.kampachi.mediation.tunnel.TunnelBroker;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Marks clients online and offline. Going online replaces any older session of the same account,
 * which is asked to close. Going offline notifies the client's co-members and its tunnel peers.
 */
public final class PresenceService {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceService.class);

    private final PresenceRepository presence;
    private final NetworkService networks;
    private final TunnelBroker broker;
    private final ClientNotifier notifier;

    public PresenceService(PresenceRepository presence, NetworkService networks, TunnelBroker broker,
            ClientNotifier notifier) {
        this.presence = presence;
        this.networks = networks;
        this.broker = broker;
        this.notifier = notifier;
    }

    /** Records the session; an older session of the same account is kicked. */
    public Future<Void> register(SessionRecord record) {
        return presence.put(record).map(previous -> {
            if (previous != null && !previous.sessionId().equals(record.sessionId())) {
                LOG.info("session replaced address={} node={}", record.address(), previous.nodeId());
                notifier.kick(record.address(), previous.sessionId());
            }
            return null;
        });
    }

    /**
     * Applies {@code change} to the session's endpoints and completes with whether the list of
     * candidate endpoints changed, so that repeated probes or reports with the same endpoints do
     * not make the server re-send {@code tunnel.open} to every peer.
     */
    public Future<Boolean> updateEndpoints(String address, String sessionId, UnaryOperator<SessionRecord> change) {
        AtomicReference<List<Endpoint>> before = new AtomicReference<>();
        return presence.update(address, sessionId, record -> {
            before.set(record.endpoints());
            return change.apply(record);
        }).map(updated -> updated != null && !updated.endpoints().equals(before.get()));
    }

    /** Tells co-members that the client is online and opens its tunnels; call after {@code sync}. */
    public Future<Void> announceOnline(String address) {
        return networks.announceSession(address, true).compose(ignored -> broker.connect(address));
    }

    /**
     * Removes the session if it is still the current one for {@code address}, then sends
     * {@code presence} to co-members and {@code peer.lost} to tunnel peers. A session that was
     * replaced by a newer login changes nothing.
     */
    public Future<Void> unregister(String address, String sessionId) {
        return presence.remove(address, sessionId).compose(removed -> {
            if (!removed) {
                return Future.succeededFuture();
            }
            return networks.announceSession(address, false).compose(ignored -> broker.sessionLost(address));
        });
    }
}
