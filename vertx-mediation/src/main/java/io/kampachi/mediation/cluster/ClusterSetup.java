package io.kampachi.mediation.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.map.MapStore;
import io.kampachi.mediation.config.MediationConfig;
import io.kampachi.mediation.store.Database;
import io.kampachi.mediation.store.JdbcMapStore;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * Builds the Hazelcast configuration of a mediation node. Discovery is explicit: multicast,
 * auto-detection and phone-home are off, and the node contacts only the configured members. Adding
 * a node to a cluster is therefore a change to {@code cluster.members}, not to code.
 */
public final class ClusterSetup {

    private ClusterSetup() {
    }

    /**
     * Creates a cluster manager whose persisted maps write through to {@code database}.
     * Vert.x's own map settings from {@link ConfigUtil#loadConfig()} are kept.
     */
    public static HazelcastClusterManager clusterManager(MediationConfig.Cluster settings, Database database) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(settings.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A node with explicit members has nothing to wait for; the default join wait is 5 s.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(settings.portCount());
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(settings.host()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());

        persist(config, MapNames.ACCOUNTS, JdbcMapStore.json(database, "accounts"));
        persist(config, MapNames.ACCOUNT_KEYS, JdbcMapStore.strings(database, "account_keys"));
        persist(config, MapNames.NETWORKS, JdbcMapStore.json(database, "networks"));
        persist(config, MapNames.NETWORK_NAMES, JdbcMapStore.strings(database, "network_names"));
        persist(config, MapNames.MEMBERSHIPS, JdbcMapStore.json(database, "memberships"));
        return new HazelcastClusterManager(config);
    }

    private static void persist(Config config, String map, MapStore<String, ?> store) {
        MapStoreConfig storeConfig = new MapStoreConfig()
                .setEnabled(true)
                .setImplementation(store)
                .setWriteDelaySeconds(0)
                // Queries (members of a network, networks of an account) see only loaded entries,
                // so everything is loaded when the map is first touched.
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER);
        config.addMapConfig(new MapConfig(map).setMapStoreConfig(storeConfig));
    }
}
