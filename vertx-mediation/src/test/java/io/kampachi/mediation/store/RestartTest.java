package io.kampachi.mediation.store;

import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client sees its account, address, nickname and networks again after the node restarts. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void restartKeepsAccountsAddressesAndNetworks() throws Exception {
        KeyPair ownerKey = TestClient.newIdentityKey();
        KeyPair guestKey = TestClient.newIdentityKey();
        String ownerAddress;
        String guestAddress;
        JsonObject network;
        byte[] serverMd5;
        try (NodeFixture first = NodeFixture.start(dataDir, "restart", new JsonObject())) {
            serverMd5 = first.server().md5();
            TestClient owner = first.connect(ownerKey);
            ownerAddress = owner.registerAndLogin(first.server()).getString("address");
            owner.requestOk(ControlTypes.NICKNAME_SET, new JsonObject().put("nickname", "desk"));
            network = owner.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", "Office")
                    .put("password", "pw")).getJsonObject("network");
            TestClient guest = first.connect(guestKey);
            guestAddress = guest.registerAndLogin(first.server()).getString("address");
            guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", "office").put("password", "pw"));
        }

        try (NodeFixture second = NodeFixture.start(dataDir, "restart", new JsonObject())) {
            assertTrue(java.util.Arrays.equals(serverMd5, second.server().md5()), "the server key changed");
            TestClient owner = second.connect(ownerKey);
            JsonObject sync = owner.login(second.server(), AddressPool.parseAddress(ownerAddress));
            assertEquals(ownerAddress, sync.getString("address"));
            assertEquals("desk", sync.getString("nickname"));
            JsonArray networks = sync.getJsonArray("networks");
            assertEquals(1, networks.size());
            JsonObject restored = networks.getJsonObject(0);
            assertEquals(network.getLong("id"), restored.getLong("id"));
            assertEquals("Office", restored.getString("name"));
            assertTrue(restored.getBoolean("hasPassword"));
            assertEquals(2, restored.getJsonArray("members").size());

            TestClient guest = second.connect(guestKey);
            assertEquals(guestAddress, guest.login(second.server(), AddressPool.parseAddress(guestAddress))
                    .getString("address"));
            TestClient newcomer = second.loggedIn();
            assertEquals("wrong-password", newcomer.request(ControlTypes.NETWORK_JOIN, new JsonObject()
                    .put("name", "Office").put("password", "nope")).body().getString("code"));
        }
    }
}
