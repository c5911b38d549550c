package io.kampachi.mediation.network;

import io.vertx.core.json.JsonObject;

/**
 * One account's membership in one network.
 *
 * @param networkId the network
 * @param address the member's Kampachi address
 * @param role {@link #OWNER} or {@link #MEMBER}; administrators will be a third role
 * @param online whether the member wants to be online in this network ({@code network.presence});
 *     tunnels exist only between members that are both online in a shared network
 * @param joinedAt time of joining in milliseconds since the epoch
 */
public record Membership(long networkId, String address, String role, boolean online, long joinedAt) {

    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    /** Map key of the membership: {@code networkId/address}. */
    public String key() {
        return key(networkId, address);
    }

    public static String key(long networkId, String address) {
        return networkId + "/" + address;
    }

    public Membership withOnline(boolean newOnline) {
        return new Membership(networkId, address, role, newOnline, joinedAt);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("networkId", networkId)
                .put("address", address)
                .put("role", role)
                .put("online", online)
                .put("joinedAt", joinedAt);
    }

    public static Membership fromJson(JsonObject json) {
        return new Membership(json.getLong("networkId"), json.getString("address"), json.getString("role"),
                json.getBoolean("online", true), json.getLong("joinedAt", 0L));
    }
}
