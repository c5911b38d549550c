package io.kampachi.client.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NetworkViewTest {

    private static JsonObject member(String address, String nickname, boolean online) {
        return new JsonObject().put("address", address).put("nickname", nickname).put("online", online);
    }

    private static JsonObject network(long id, String name, JsonObject... members) {
        JsonArray list = new JsonArray();
        for (JsonObject member : members) {
            list.add(member);
        }
        return new JsonObject().put("id", id).put("displayId", "000-000-00" + id).put("name", name)
                .put("members", list);
    }

    @Test
    void eventsUpdateMembersAndPresence() {
        NetworkView view = new NetworkView();
        view.replaceAll(new JsonArray().add(network(1, "lab", member("100.64.0.1", "a", true))));
        view.memberJoined(1, member("100.64.0.2", "b", true));
        view.memberJoined(1, member("100.64.0.2", "b", true));
        assertEquals(2, view.find("lab").orElseThrow().getJsonArray("members").size());

        view.presence(1, "100.64.0.2", false);
        JsonObject b = view.find("lab").orElseThrow().getJsonArray("members").getJsonObject(1);
        assertFalse(b.getBoolean("online"));

        view.memberUpdated(1, new JsonObject().put("address", "100.64.0.2").put("nickname", "bob"));
        assertEquals("bob", view.nicknameOf("100.64.0.2"));
        assertFalse(view.find("lab").orElseThrow().getJsonArray("members").getJsonObject(1).getBoolean("online"));

        view.memberLeft(1, "100.64.0.2");
        assertEquals(1, view.find("lab").orElseThrow().getJsonArray("members").size());
    }

    @Test
    void isOnlineChecksEveryNetwork() {
        NetworkView view = new NetworkView();
        view.replaceAll(new JsonArray().add(network(1, "lab", member("100.64.0.2", "b", true)))
                .add(network(2, "home", member("100.64.0.2", "b", true))));
        view.presence(1, "100.64.0.2", false);
        assertTrue(view.isOnline("100.64.0.2"));
        view.memberLeft(2, "100.64.0.2");
        assertFalse(view.isOnline("100.64.0.2"));
        assertFalse(view.isOnline("100.64.0.9"));
    }

    @Test
    void findAcceptsNameDisplayIdOrId() {
        NetworkView view = new NetworkView();
        view.put(network(7, "lab"));
        assertTrue(view.find("lab").isPresent());
        assertTrue(view.find("000-000-007").isPresent());
        assertTrue(view.find("7").isPresent());
        assertFalse(view.find("other").isPresent());
    }

    @Test
    void copiesAreDetachedAndRemovalsApply() {
        NetworkView view = new NetworkView();
        view.put(network(1, "lab", member("100.64.0.1", "a", true)));
        view.all().get(0).put("name", "changed");
        assertEquals("lab", view.all().get(0).getString("name"));
        view.remove(1);
        assertTrue(view.all().isEmpty());
        view.put(network(2, "other"));
        view.clear();
        assertTrue(view.all().isEmpty());
    }
}
