package io.kampachi.mediation.store;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.kampachi.mediation.TestNodes;
import io.kampachi.mediation.cluster.MapNames;
import io.kampachi.mediation.testing.NodeFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persisted maps are loaded from the database while the node starts. Otherwise the first requests that touch them
 * wait for the load, which after a restart is when every client reconnects, and can run into their login timeout.
 */
class EagerLoadTest {

    @TempDir
    Path dataDir;

    @Test
    void persistedMapsAreLoadedAtStart() throws Exception {
        TestNodes.ClusterId cluster = TestNodes.ClusterId.random("eager-load");
        try (NodeFixture fixture = NodeFixture.start(dataDir, cluster, new JsonObject())) {
            List<HazelcastInstance> instances = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(instance -> instance.getConfig().getClusterName().equals(cluster.name()))
                    .toList();
            assertEquals(1, instances.size());
            Set<String> created = instances.get(0).getDistributedObjects().stream()
                    .map(DistributedObject::getName)
                    .collect(Collectors.toSet());
            assertTrue(created.containsAll(MapNames.PERSISTED), "maps created at start: " + created);
        }
    }
}
