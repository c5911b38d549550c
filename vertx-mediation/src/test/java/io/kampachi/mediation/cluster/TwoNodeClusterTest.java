package io.kampachi.mediation.cluster;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.MediationNode;
import io.kampachi.mediation.TestNodes;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.ServerIdentity;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes joined by configuration alone: clients logged in to different nodes share a network,
 * and events and tunnel instructions reach each of them through the clustered event bus.
 */
class TwoNodeClusterTest {

    @TempDir
    Path dataDir;

    @Test
    void clientsOnDifferentNodesGetEachOthersEvents() throws Exception {
        TestNodes.ClusterId cluster = TestNodes.ClusterId.random("two-nodes");
        JsonObject members = new JsonObject().put("cluster", new JsonObject().put("members", new JsonArray()
                .add("127.0.0.1:" + cluster.port()).add("127.0.0.1:" + (cluster.port() + 1))));
        JsonObject secondMembers = members.copy();
        secondMembers.getJsonObject("cluster").put("port", cluster.port() + 1);
        Path firstDir = Files.createDirectories(dataDir.resolve("first"));
        Path secondDir = Files.createDirectories(dataDir.resolve("second"));
        try (MediationNode first = TestNodes.start(firstDir, cluster, members)) {
            // Both nodes use the same server key, as a cluster behind one name would.
            Files.copy(firstDir.resolve("server-key.pem"), secondDir.resolve("server-key.pem"));
            try (MediationNode second = TestNodes.start(secondDir, cluster, secondMembers)) {
                assertEquals(2, first.clusterSize());
                ServerIdentity server = NodeFixture.identity(first.services().keys().primary());
                try (TestClient a = TestClient.connect(first.controlPort(), TestClient.newIdentityKey());
                        TestClient b = TestClient.connect(second.controlPort(), TestClient.newIdentityKey())) {
                    String addressA = a.registerAndLogin(server).getString("address");
                    String addressB = b.registerAndLogin(server).getString("address");
                    assertNotEquals(addressA, addressB);

                    a.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", "spread"));
                    b.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", "SPREAD"));
                    a.awaitEvent(ControlTypes.MEMBER_JOINED, body -> body.getJsonObject("member")
                            .getString("address").equals(addressB));
                    JsonObject openA = a.awaitEvent(ControlTypes.TUNNEL_OPEN).body();
                    JsonObject openB = b.awaitEvent(ControlTypes.TUNNEL_OPEN).body();
                    assertEquals(addressB, openA.getString("peer"));
                    assertEquals(openA.getLong("inboundSpi"), openB.getLong("outboundSpi"));
                }
            }
        }
    }

    @Test
    void secondNodeOnTakenClusterPortFailsToStart() throws Exception {
        TestNodes.ClusterId cluster = TestNodes.ClusterId.random("taken-port");
        Path firstDir = Files.createDirectories(dataDir.resolve("first"));
        Path secondDir = Files.createDirectories(dataDir.resolve("second"));
        try (MediationNode first = TestNodes.start(firstDir, cluster, new JsonObject())) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> TestNodes.start(secondDir, cluster, new JsonObject()).close());

            assertTrue(error.getMessage().contains(String.valueOf(cluster.port())), error.getMessage());
            assertEquals(1, first.clusterSize());
        }
    }
}
