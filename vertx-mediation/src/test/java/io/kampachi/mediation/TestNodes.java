package io.kampachi.mediation;

import io.kampachi.mediation.config.ConfigLoader;
import io.kampachi.mediation.config.MediationConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Configurations for mediation nodes in tests: loopback only, ephemeral control and probe ports,
 * a private data directory, and a cluster name and Hazelcast port base of their own, so that test
 * classes and parallel builds on one machine never join each other's clusters.
 */
public final class TestNodes {

    private TestNodes() {
    }

    /** A cluster identity for one test class: a unique name and a port base. */
    public record ClusterId(String name, int port) {

        public static ClusterId random(String label) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            return new ClusterId("kampachi-test-" + label + "-" + UUID.randomUUID(), port);
        }
    }

    /** Overrides for a test node; {@code extra} is merged last. */
    public static JsonObject overrides(Path dataDir, ClusterId cluster, JsonObject extra) {
        JsonObject overrides = new JsonObject()
                .put("dataDir", dataDir.toString())
                .put("control", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("probe", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("passwords", new JsonObject().put("scryptCost", 1024))
                .put("timeouts", new JsonObject().put("loginMs", 5000).put("idleMs", 30_000).put("keepaliveMs", 10_000))
                .put("cluster", new JsonObject()
                        .put("name", cluster.name())
                        .put("host", "127.0.0.1")
                        .put("port", cluster.port())
                        .put("members", new JsonArray().add("127.0.0.1:" + cluster.port())));
        return overrides.mergeIn(extra, true);
    }

    public static MediationConfig config(Path dataDir, ClusterId cluster, JsonObject extra) {
        return ConfigLoader.fromOverrides(overrides(dataDir, cluster, extra), dataDir);
    }

    public static MediationNode start(Path dataDir, ClusterId cluster, JsonObject extra) {
        return MediationNode.start(config(dataDir, cluster, extra));
    }
}
