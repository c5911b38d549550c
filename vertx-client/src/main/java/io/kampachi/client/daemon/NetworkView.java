package io.kampachi.client.daemon;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's copy of the networks it belongs to, kept current from the server's {@code sync}, replies and
 * membership and presence events. Networks and members are the JSON objects of the control protocol
 * ({@code {id, displayId, name, owner, hasPassword, members: [{address, nickname, online}]}}). Event-loop only.
 */
public final class NetworkView {

    private final Map<Long, JsonObject> networks = new LinkedHashMap<>();

    /** Replaces every network with the ones from a {@code sync} or {@code network.list}. */
    public void replaceAll(JsonArray list) {
        networks.clear();
        for (Object item : list) {
            if (item instanceof JsonObject) {
                put((JsonObject) item);
            }
        }
    }

    /** Adds or replaces one network. */
    public void put(JsonObject network) {
        Long id = network.getLong("id");
        if (id != null) {
            JsonObject copy = network.copy();
            if (!copy.containsKey("members")) {
                copy.put("members", new JsonArray());
            }
            networks.put(id, copy);
        }
    }

    /** Removes a network after leave, delete or a {@code network.deleted} event. */
    public void remove(long id) {
        networks.remove(id);
    }

    /** Applies {@code member.joined}: adds or replaces the member. */
    public void memberJoined(long networkId, JsonObject member) {
        JsonObject network = networks.get(networkId);
        if (network == null || member.getString("address") == null) {
            return;
        }
        memberLeft(networkId, member.getString("address"));
        network.getJsonArray("members").add(member.copy());
    }

    /** Applies {@code member.updated}: copies the member's new fields over the stored ones. */
    public void memberUpdated(long networkId, JsonObject member) {
        JsonObject network = networks.get(networkId);
        String address = member == null ? null : member.getString("address");
        if (network == null || address == null) {
            return;
        }
        for (Object item : network.getJsonArray("members")) {
            JsonObject stored = (JsonObject) item;
            if (address.equals(stored.getString("address"))) {
                stored.mergeIn(member);
            }
        }
    }

    /** Applies {@code member.left}. */
    public void memberLeft(long networkId, String address) {
        JsonObject network = networks.get(networkId);
        if (network == null) {
            return;
        }
        JsonArray members = network.getJsonArray("members");
        for (int i = members.size() - 1; i >= 0; i--) {
            if (address.equals(members.getJsonObject(i).getString("address"))) {
                members.remove(i);
            }
        }
    }

    /** Applies {@code presence}. */
    public void presence(long networkId, String address, boolean online) {
        JsonObject network = networks.get(networkId);
        if (network == null) {
            return;
        }
        for (Object item : network.getJsonArray("members")) {
            JsonObject member = (JsonObject) item;
            if (address.equals(member.getString("address"))) {
                member.put("online", online);
            }
        }
    }

    /** Returns true if a member with this address is online in any network. */
    public boolean isOnline(String address) {
        for (JsonObject network : networks.values()) {
            for (Object item : network.getJsonArray("members")) {
                JsonObject member = (JsonObject) item;
                if (address.equals(member.getString("address")) && member.getBoolean("online", false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Finds a network by its name, its nine-digit display id or its numeric id. */
    public Optional<JsonObject> find(String nameOrId) {
        for (JsonObject network : networks.values()) {
            if (nameOrId.equals(network.getString("name")) || nameOrId.equals(network.getString("displayId"))
                    || nameOrId.equals(String.valueOf(network.getLong("id")))) {
                return Optional.of(network);
            }
        }
        return Optional.empty();
    }

    /** Returns the nickname a member has in any shared network, or null. */
    public String nicknameOf(String address) {
        for (JsonObject network : networks.values()) {
            for (Object item : network.getJsonArray("members")) {
                JsonObject member = (JsonObject) item;
                if (address.equals(member.getString("address"))) {
                    return member.getString("nickname");
                }
            }
        }
        return null;
    }

    /** Returns copies of every network, in the order they were learned. */
    public List<JsonObject> all() {
        List<JsonObject> copies = new ArrayList<>();
        networks.values().forEach(network -> copies.add(network.copy()));
        return copies;
    }

    /** Forgets everything, after logout. */
    public void clear() {
        networks.clear();
    }
}
