package io.kampachi.mediation;

import io.kampachi.mediation.account.AccountRepository;
import io.kampachi.mediation.account.HazelcastAccountRepository;
import io.kampachi.mediation.bus.ClientNotifier;
import io.kampachi.mediation.cluster.SharedState;
import io.kampachi.mediation.config.MediationConfig;
import io.kampachi.mediation.keys.ServerKeys;
import io.kampachi.mediation.network.HazelcastNetworkRepository;
import io.kampachi.mediation.network.NetworkRepository;
import io.kampachi.mediation.network.NetworkService;
import io.kampachi.mediation.network.PasswordHasher;
import io.kampachi.mediation.presence.HazelcastPresenceRepository;
import io.kampachi.mediation.presence.PresenceRepository;
import io.kampachi.mediation.presence.PresenceService;
import io.kampachi.mediation.tunnel.HazelcastTunnelRepository;
import io.kampachi.mediation.tunnel.TunnelBroker;
import io.kampachi.mediation.tunnel.TunnelRepository;
import io.kampachi.mediation.tunnel.TunnelStats;

/**
 * The repositories and services of one node, wired once and shared by its verticles. Every member
 * is thread-safe: repositories hold no state of their own and counters are atomic.
 *
 * @param nodeId Hazelcast member id of this node, recorded in the sessions it accepted
 */
public record MediationServices(
        MediationConfig config,
        String nodeId,
        ServerKeys keys,
        AccountRepository accounts,
        NetworkRepository networks,
        PresenceRepository presence,
        TunnelRepository tunnels,
        ClientNotifier notifier,
        TunnelStats stats,
        TunnelBroker broker,
        NetworkService networkService,
        PresenceService presenceService) {

    /** Wires the Hazelcast-backed repositories and the services on top of them. */
    public static MediationServices create(MediationConfig config, ServerKeys keys, SharedState state) {
        AccountRepository accounts = new HazelcastAccountRepository(state, config.addressPool());
        NetworkRepository networks = new HazelcastNetworkRepository(state);
        PresenceRepository presence = new HazelcastPresenceRepository(state);
        TunnelRepository tunnels = new HazelcastTunnelRepository(state);
        ClientNotifier notifier = new ClientNotifier(state.vertx());
        TunnelStats stats = new TunnelStats();
        TunnelBroker broker = new TunnelBroker(networks, accounts, presence, tunnels, notifier, stats);
        PasswordHasher hasher = new PasswordHasher(state.vertx(), config.scryptCost(), config.passwordThreads(),
                config.passwordQueue());
        NetworkService networkService = new NetworkService(networks, accounts, presence, hasher, notifier, broker,
                config.networksPerAccount(), config.membersPerNetwork());
        PresenceService presenceService = new PresenceService(presence, networkService, broker, notifier);
        return new MediationServices(config, state.localMemberId(), keys, accounts, networks, presence, tunnels,
                notifier, stats, broker, networkService, presenceService);
    }
}
