package io.kampachi.mediation.tunnel;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.account.Account;
import io.kampachi.mediation.account.AccountRepository;
import io.kampachi.mediation.bus.ClientNotifier;
import io.kampachi.mediation.network.Membership;
import io.kampachi.mediation.network.NetworkRepository;
import io.kampachi.mediation.presence.Endpoint;
import io.kampachi.mediation.presence.PresenceRepository;
import io.kampachi.mediation.presence.SessionRecord;
import io.kampachi.mediation.support.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which pairs of clients get a tunnel and notifies both ends. A pair gets a tunnel while both
 * are members of a common network with their online flag set there; SPIs are drawn once per pair
 * and kept while the tunnel record lives, so a client that reconnects receives the same SPIs again.
 *
 * <p>{@code tunnel.open} is also how endpoint changes reach a peer: a second {@code tunnel.open}
 * with the SPIs the peer already has only refreshes the candidate endpoints.
 *
 * <p>Stateless apart from the repositories, so any node may run any of these steps; concurrent
 * runs for the same pair agree on one record because the repository creates it with putIfAbsent.
 */
public final class TunnelBroker {

    /** {@code tunnel.close} reason when two clients no longer share a network where both are online. */
    public static final String REASON_NO_SHARED_NETWORK = "no-shared-network";

    private static final Logger LOG = LoggerFactory.getLogger(TunnelBroker.class);

    private final NetworkRepository networks;
    private final AccountRepository accounts;
    private final PresenceRepository presence;
    private final TunnelRepository tunnels;
    private final ClientNotifier notifier;
    private final TunnelStats stats;

    public TunnelBroker(NetworkRepository networks, AccountRepository accounts, PresenceRepository presence,
            TunnelRepository tunnels, ClientNotifier notifier, TunnelStats stats) {
        this.networks = networks;
        this.accounts = accounts;
        this.presence = presence;
        this.tunnels = tunnels;
        this.notifier = notifier;
        this.stats = stats;
    }

    /**
     * Opens (or re-announces) a tunnel between {@code address} and every online client with which it
     * shares a network where both are online.
     */
    public Future<Void> connect(String address) {
        return onlineNetworks(address)
                .compose(networkIds -> peersIn(networkIds, address))
                .compose(peers -> {
                    Set<String> everyone = new HashSet<>(peers);
                    everyone.add(address);
                    return presence.findAll(everyone).compose(sessions -> {
                        SessionRecord self = sessions.get(address);
                        if (self == null) {
                            return Future.succeededFuture();
                        }
                        return accounts.findAll(sessions.keySet()).compose(known -> {
                            List<String> online = peers.stream().filter(sessions::containsKey).sorted().toList();
                            return Futures.sequence(online, peer -> tunnels.open(address, peer)
                                    .compose(tunnel -> announceIfShared(tunnel, self, sessions.get(peer), known)));
                        });
                    });
                });
    }

    /**
     * Announces a tunnel that {@link #connect} opened, unless the pair stopped sharing an online network meanwhile.
     * A leave or a presence change that ran between the membership lookup and the open has already reconciled and
     * missed the new record, so the record is closed here instead.
     */
    private Future<Void> announceIfShared(TunnelRecord tunnel, SessionRecord self, SessionRecord peer,
            Map<String, Account> known) {
        String other = tunnel.peerOf(self.address());
        return sharesOnlineNetwork(self.address(), other).compose(shared -> {
            if (!shared) {
                return close(self.address(), other, REASON_NO_SHARED_NETWORK);
            }
            announce(tunnel, self, peer, known);
            return Future.succeededFuture();
        });
    }

    private Future<Set<String>> peersIn(List<Long> networkIds, String address) {
        Set<String> peers = new HashSet<>();
        return Futures.sequence(networkIds, networkId -> networks.members(networkId).onSuccess(members -> {
            for (Membership member : members) {
                if (member.online() && !member.address().equals(address)) {
                    peers.add(member.address());
                }
            }
        })).map(peers);
    }

    /** Closes every tunnel of {@code address} whose two ends no longer share a network where both are online. */
    public Future<Void> reconcile(String address) {
        return tunnels.tunnelsOf(address).compose(list -> Futures.sequence(list, tunnel -> {
            String peer = tunnel.peerOf(address);
            return sharesOnlineNetwork(address, peer).compose(shared -> shared
                    ? Future.succeededFuture()
                    : close(address, peer, REASON_NO_SHARED_NETWORK));
        }));
    }

    /** Removes the tunnel between two clients and sends both {@code tunnel.close}. */
    public Future<Void> close(String first, String second, String reason) {
        return tunnels.close(first, second).map(removed -> {
            if (removed != null) {
                stats.tunnelClosed();
                LOG.info("tunnel closed a={} b={} spiA={} spiB={} reason={}", removed.a(), removed.b(),
                        removed.spiA(), removed.spiB(), reason);
                notifier.send(first, ControlTypes.TUNNEL_CLOSE, new JsonObject().put("peer", second)
                        .put("reason", reason));
                notifier.send(second, ControlTypes.TUNNEL_CLOSE, new JsonObject().put("peer", first)
                        .put("reason", reason));
            }
            return null;
        });
    }

    /**
     * Handles the loss of {@code address}'s session: online peers get {@code peer.lost} and keep
     * their tunnel (the client may come back and its tunnel may still work); tunnels whose other
     * end is offline too are removed.
     */
    public Future<Void> sessionLost(String address) {
        return tunnels.tunnelsOf(address).compose(list -> Futures.sequence(list, tunnel -> {
            String peer = tunnel.peerOf(address);
            return presence.find(peer).compose(peerSession -> {
                if (peerSession != null) {
                    notifier.send(peer, ControlTypes.PEER_LOST, new JsonObject().put("peer", address));
                    return Future.succeededFuture();
                }
                return tunnels.close(address, peer).onSuccess(removed -> {
                    if (removed != null) {
                        stats.tunnelClosed();
                    }
                });
            });
        }));
    }

    /** Re-sends {@code tunnel.open} to every online peer of {@code address} after its endpoints changed. */
    public Future<Void> endpointsChanged(String address) {
        return tunnels.tunnelsOf(address).compose(list -> {
            Set<String> everyone = new HashSet<>();
            everyone.add(address);
            list.forEach(tunnel -> everyone.add(tunnel.peerOf(address)));
            return presence.findAll(everyone).compose(sessions -> accounts.findAll(sessions.keySet()).map(known -> {
                SessionRecord self = sessions.get(address);
                if (self == null) {
                    return null;
                }
                for (TunnelRecord tunnel : list) {
                    SessionRecord peer = sessions.get(tunnel.peerOf(address));
                    if (peer != null) {
                        notifier.send(peer.address(), ControlTypes.TUNNEL_OPEN, openBody(tunnel, peer.address(), self,
                                known.get(address)));
                    }
                }
                return null;
            }));
        });
    }

    /** Records a {@code tunnel.status} report; completes with {@code false} if there is no such tunnel. */
    public Future<Boolean> reportPath(String reporter, String peer, PathKind path) {
        return tunnels.reportPath(reporter, peer, path.wireName()).map(updated -> {
            if (updated == null) {
                return false;
            }
            stats.pathReported(path);
            LOG.debug("tunnel path reported reporter={} peer={} path={}", reporter, peer, path.wireName());
            return true;
        });
    }

    private void announce(TunnelRecord tunnel, SessionRecord self, SessionRecord peer, Map<String, Account> known) {
        if (peer == null) {
            return;
        }
        stats.tunnelOpened();
        LOG.info("tunnel open a={} b={} spiA={} spiB={}", tunnel.a(), tunnel.b(), tunnel.spiA(), tunnel.spiB());
        notifier.send(self.address(), ControlTypes.TUNNEL_OPEN, openBody(tunnel, self.address(), peer,
                known.get(peer.address())));
        notifier.send(peer.address(), ControlTypes.TUNNEL_OPEN, openBody(tunnel, peer.address(), self,
                known.get(self.address())));
    }

    /** Builds the {@code tunnel.open} body that {@code receiver} gets about {@code peer}. */
    static JsonObject openBody(TunnelRecord tunnel, String receiver, SessionRecord peer, Account peerAccount) {
        JsonArray endpoints = new JsonArray();
        for (Endpoint endpoint : peer.endpoints()) {
            endpoints.add(endpoint.toJson());
        }
        return new JsonObject()
                .put("peer", peer.address())
                .put("nickname", peerAccount == null ? "" : peerAccount.nickname())
                .put("inboundSpi", tunnel.inboundSpiOf(receiver))
                .put("outboundSpi", tunnel.outboundSpiOf(receiver))
                .put("endpoints", endpoints);
    }

    private Future<List<Long>> onlineNetworks(String address) {
        return networks.membershipsOf(address).map(list -> {
            List<Long> ids = new ArrayList<>();
            for (Membership membership : list) {
                if (membership.online()) {
                    ids.add(membership.networkId());
                }
            }
            return ids;
        });
    }

    /** Tells whether both clients are online members of at least one common network. */
    public Future<Boolean> sharesOnlineNetwork(String first, String second) {
        return onlineNetworks(first).compose(mine -> onlineNetworks(second).map(theirs -> {
            Set<Long> common = new HashSet<>(mine);
            common.retainAll(theirs);
            return !common.isEmpty();
        }));
    }
}
