package io.kampachi.mediation.network;

import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.config.AddressPool;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account's networks must always fit in one {@code sync} and one {@code network.list} reply, whose envelope is
 * limited to 65501 bytes. Otherwise the account could never log in again.
 */
class SyncSizeTest {

    /** Enough networks with long names to overflow the envelope without a limit. */
    private static final int ATTEMPTS = 140;

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "sync-size", new JsonObject());
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    @Test
    void accountWithManyNetworksCanStillLogIn() throws Exception {
        KeyPair key = TestClient.newIdentityKey();
        TestClient client = fixture.connect(key);
        String address = client.registerAndLogin(fixture.server()).getString("address");
        // Three bytes of UTF-8 per character make the views as large as names and nicknames allow.
        client.requestOk(ControlTypes.NICKNAME_SET, new JsonObject().put("nickname", "\u8a9e".repeat(64)));
        String prefix = UUID.randomUUID().toString().substring(0, 8);

        int created = 0;
        Control refused = null;
        while (created < ATTEMPTS && refused == null) {
            String name = prefix + String.format("%03d", created) + "\u8a9e".repeat(53);
            Control reply = client.request(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
            if (reply.controlType().equals(ControlTypes.OK)) {
                created++;
            } else {
                refused = reply;
            }
        }
        assertTrue(refused != null, "all " + ATTEMPTS + " networks were created");
        assertEquals("forbidden", refused.body().getString("code"), refused.body().encode());

        JsonObject list = client.requestOk(ControlTypes.NETWORK_LIST, new JsonObject());
        assertEquals(created, list.getJsonArray("networks").size());
        client.close();

        TestClient again = fixture.connect(key);
        JsonObject sync = again.login(fixture.server(), AddressPool.parseAddress(address));
        assertEquals(created, sync.getJsonArray("networks").size());
    }
}
