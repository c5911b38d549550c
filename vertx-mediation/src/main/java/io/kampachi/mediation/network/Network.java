package io.kampachi.mediation.network;

import io.vertx.core.json.JsonObject;

/**
 * A stored network. Membership lives in separate {@link Membership} records so that joining never
 * rewrites the network itself.
 *
 * <p>TODO: lock, approval, ban list, administrator rights and topology belong here when network
 * administration is added; the JSON form ignores unknown members, so older nodes read newer records.
 *
 * @param id random id below 10^9
 * @param name display name, unique across the cluster without regard to case
 * @param owner Kampachi address of the creator, the only member who may delete the network
 * @param passwordHash encoded hash from {@link PasswordHasher}, or {@code null} without a password
 * @param createdAt creation time in milliseconds since the epoch
 */
public record Network(long id, String name, String owner, String passwordHash, long createdAt) {

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("owner", owner)
                .put("createdAt", createdAt);
        if (passwordHash != null) {
            json.put("passwordHash", passwordHash);
        }
        return json;
    }

    public static Network fromJson(JsonObject json) {
        return new Network(json.getLong("id"), json.getString("name"), json.getString("owner"),
                json.getString("passwordHash"), json.getLong("createdAt", 0L));
    }
}
