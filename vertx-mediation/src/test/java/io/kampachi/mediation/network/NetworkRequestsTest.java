package io.kampachi.mediation.network;

import io.kampachi.common.wire.Control;
import io.kampachi.common.wire.ControlTypes;
import io.kampachi.mediation.testing.NodeFixture;
import io.kampachi.mediation.testing.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network requests and the events they send to other members. */
class NetworkRequestsTest {

    @TempDir
    static Path dataDir;

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = NodeFixture.start(dataDir, "networks", new JsonObject());
    }

    @AfterAll
    static void stopNode() throws Exception {
        fixture.close();
    }

    private static String uniqueName() {
        return "net-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String errorCode(Control reply) {
        assertEquals(ControlTypes.ERROR, reply.controlType(), reply.body().encode());
        return reply.body().getString("code");
    }

    @Test
    void createReturnsTheNetworkWithItsOwnerAsOnlyMember() throws Exception {
        TestClient owner = fixture.loggedIn();
        String name = uniqueName();
        JsonObject network = owner.requestOk(ControlTypes.NETWORK_CREATE,
                new JsonObject().put("name", name).put("password", "s3cret")).getJsonObject("network");

        long id = network.getLong("id");
        assertTrue(id > 0, network.encode());
        assertTrue(id < 1_000_000_000L, network.encode());
        assertTrue(network.getString("displayId").matches("\\d{3}-\\d{3}-\\d{3}"), network.encode());
        assertEquals(String.format("%09d", id), network.getString("displayId").replace("-", ""));
        assertEquals(name, network.getString("name"));
        assertTrue(network.getBoolean("hasPassword"));
        JsonArray members = network.getJsonArray("members");
        assertEquals(1, members.size());
        assertEquals(network.getString("owner"), members.getJsonObject(0).getString("address"));
        assertTrue(members.getJsonObject(0).getBoolean("online"));
    }

    @Test
    void namesAreUniqueWithoutRegardToCase() throws Exception {
        TestClient first = fixture.loggedIn();
        TestClient second = fixture.loggedIn();
        String name = uniqueName();
        first.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
        Control reply = second.request(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name.toUpperCase()));
        assertEquals("name-taken", errorCode(reply));
    }

    @Test
    void deceptiveNamesAreRejected() throws Exception {
        TestClient client = fixture.loggedIn();
        String base = uniqueName();
        String[] names = {
            base + "\u202Egnp.exe",      // right-to-left override: shows as "exe.png"
            base.substring(0, 4) + "\u200B" + base.substring(4), // zero-width space
            base + "\uFF21",             // full-width A, shown like A
            base + "e\u0301",            // e and a combining accent, which NFC writes as one character
            base + "\u2028x",            // line separator
            base + "\uE000",             // private use
        };
        for (String name : names) {
            Control reply = client.request(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
            assertEquals("invalid-request", errorCode(reply), name);
        }
        Control nickname = client.request(ControlTypes.NICKNAME_SET,
                new JsonObject().put("nickname", "admin\u202E"));
        assertEquals("invalid-request", errorCode(nickname));
        client.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", base + " caf\u00e9 \u8a9e"));
        client.requestOk(ControlTypes.NICKNAME_SET, new JsonObject().put("nickname", "Ren\u00e9e \u8a9e"));
    }

    @Test
    void joinNeedsTheRightPasswordAndTellsTheOtherMembers() throws Exception {
        TestClient owner = fixture.loggedIn();
        TestClient guest = fixture.loggedIn();
        String name = uniqueName();
        long id = owner.requestOk(ControlTypes.NETWORK_CREATE,
                new JsonObject().put("name", name).put("password", "right")).getJsonObject("network").getLong("id");

        assertEquals("wrong-password", errorCode(guest.request(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", name).put("password", "wrong"))));
        assertEquals("wrong-password", errorCode(guest.request(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", name))));

        JsonObject joined = guest.requestOk(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", name.toUpperCase()).put("password", "right")).getJsonObject("network");
        assertEquals(id, joined.getLong("id"));
        assertEquals(2, joined.getJsonArray("members").size());

        Control event = owner.awaitEvent(ControlTypes.MEMBER_JOINED, body -> body.getLong("networkId") == id);
        JsonObject member = event.body().getJsonObject("member");
        assertTrue(member.getBoolean("online"));

        assertEquals("already-member", errorCode(guest.request(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", name).put("password", "right"))));
    }

    @Test
    void joiningAnUnknownNetworkIsNotFound() throws Exception {
        TestClient client = fixture.loggedIn();
        assertEquals("not-found", errorCode(client.request(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", uniqueName()))));
    }

    @Test
    void listShowsEveryNetworkWithMembersAndOnlineState() throws Exception {
        TestClient owner = fixture.loggedIn();
        TestClient guest = fixture.loggedIn();
        String first = uniqueName();
        String second = uniqueName();
        owner.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", first));
        owner.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", second));
        guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", first));

        JsonArray ownerNetworks = owner.requestOk(ControlTypes.NETWORK_LIST, new JsonObject()).getJsonArray("networks");
        assertEquals(2, ownerNetworks.size());
        JsonArray guestNetworks = guest.requestOk(ControlTypes.NETWORK_LIST, new JsonObject()).getJsonArray("networks");
        assertEquals(1, guestNetworks.size());
        JsonArray members = guestNetworks.getJsonObject(0).getJsonArray("members");
        assertEquals(2, members.size());
        members.forEach(member -> assertTrue(((JsonObject) member).getBoolean("online")));
    }

    @Test
    void leaveTellsTheRemainingMembersAndTheOwnerCannotLeave() throws Exception {
        TestClient owner = fixture.loggedIn();
        TestClient guest = fixture.loggedIn();
        String name = uniqueName();
        long id = owner.createNetwork(name);
        guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));

        assertEquals("forbidden", errorCode(owner.request(ControlTypes.NETWORK_LEAVE,
                new JsonObject().put("networkId", id))));
        guest.requestOk(ControlTypes.NETWORK_LEAVE, new JsonObject().put("networkId", id));
        owner.awaitEvent(ControlTypes.MEMBER_LEFT, body -> body.getLong("networkId") == id);
        assertEquals("not-member", errorCode(guest.request(ControlTypes.NETWORK_LEAVE,
                new JsonObject().put("networkId", id))));
        assertEquals(0, guest.requestOk(ControlTypes.NETWORK_LIST, new JsonObject()).getJsonArray("networks").size());
    }

    @Test
    void onlyTheOwnerDeletesAndMembersAreTold() throws Exception {
        TestClient owner = fixture.loggedIn();
        TestClient guest = fixture.loggedIn();
        String name = uniqueName();
        long id = owner.createNetwork(name);
        guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));

        assertEquals("not-owner", errorCode(guest.request(ControlTypes.NETWORK_DELETE,
                new JsonObject().put("networkId", id))));
        owner.requestOk(ControlTypes.NETWORK_DELETE, new JsonObject().put("networkId", id));
        guest.awaitEvent(ControlTypes.NETWORK_DELETED, body -> body.getLong("networkId") == id);
        assertEquals("not-found", errorCode(guest.request(ControlTypes.NETWORK_JOIN,
                new JsonObject().put("name", name))));
        // The name is free again.
        guest.requestOk(ControlTypes.NETWORK_CREATE, new JsonObject().put("name", name));
    }

    @Test
    void presenceChangesReachTheOtherMembers() throws Exception {
        TestClient owner = fixture.loggedIn();
        String name = uniqueName();
        long id = owner.createNetwork(name);

        TestClient guest = fixture.loggedIn();
        String guestAddress = guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name))
                .getJsonObject("network").getJsonArray("members").getJsonObject(1).getString("address");
        guest.requestOk(ControlTypes.NETWORK_PRESENCE, new JsonObject().put("networkId", id).put("online", false));
        owner.awaitEvent(ControlTypes.PRESENCE, body -> body.getLong("networkId") == id
                && body.getString("address").equals(guestAddress) && !body.getBoolean("online"));
        JsonArray members = owner.requestOk(ControlTypes.NETWORK_LIST, new JsonObject()).getJsonArray("networks")
                .getJsonObject(0).getJsonArray("members");
        assertFalse(members.getJsonObject(1).getBoolean("online"));

        guest.requestOk(ControlTypes.NETWORK_PRESENCE, new JsonObject().put("networkId", id).put("online", true));
        owner.awaitEvent(ControlTypes.PRESENCE, body -> body.getString("address").equals(guestAddress)
                && body.getBoolean("online"));

        guest.close();
        owner.awaitEvent(ControlTypes.PRESENCE, body -> body.getString("address").equals(guestAddress)
                && !body.getBoolean("online"));
    }

    @Test
    void loginTellsTheOtherMembersAndNicknamesPropagate() throws Exception {
        TestClient owner = fixture.loggedIn();
        String name = uniqueName();
        long id = owner.createNetwork(name);
        TestClient guest = fixture.loggedIn();
        guest.requestOk(ControlTypes.NETWORK_JOIN, new JsonObject().put("name", name));
        owner.awaitEvent(ControlTypes.MEMBER_JOINED);

        guest.requestOk(ControlTypes.NICKNAME_SET, new JsonObject().put("nickname", "laptop"));
        Control updated = owner.awaitEvent(ControlTypes.MEMBER_UPDATED, body -> body.getLong("networkId") == id);
        assertEquals("laptop", updated.body().getJsonObject("member").getString("nickname"));

        assertEquals("invalid-request", errorCode(guest.request(ControlTypes.NICKNAME_SET,
                new JsonObject().put("nickname", " padded "))));
    }

    @Test
    void badNamesAreRefused() throws Exception {
        TestClient client = fixture.loggedIn();
        assertEquals("invalid-request", errorCode(client.request(ControlTypes.NETWORK_CREATE,
                new JsonObject().put("name", ""))));
        assertEquals("invalid-request", errorCode(client.request(ControlTypes.NETWORK_CREATE,
                new JsonObject().put("name", "x".repeat(65)))));
        assertEquals("invalid-request", errorCode(client.request(ControlTypes.NETWORK_CREATE,
                new JsonObject().put("name", "tab\there"))));
    }
}
