package io.kampachi.mediation.account;

import io.vertx.core.json.JsonObject;

/**
 * A client account: the Kampachi address assigned at registration and the client's RSA public key.
 *
 * @param address Kampachi address as a dotted quad; it identifies the account for its whole life
 * @param publicKey the client's public key, base64 of its X.509 SubjectPublicKeyInfo DER
 * @param keyId hex SHA-256 of the SubjectPublicKeyInfo DER, the index that makes a key register once
 * @param fingerprint OpenSSH SHA-256 fingerprint of the key, as peers show it to people
 * @param nickname name shown to other members, empty until the client sets one
 * @param createdAt registration time in milliseconds since the epoch
 */
public record Account(String address, String publicKey, String keyId, String fingerprint, String nickname,
        long createdAt) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("address", address)
                .put("publicKey", publicKey)
                .put("keyId", keyId)
                .put("fingerprint", fingerprint)
                .put("nickname", nickname)
                .put("createdAt", createdAt);
    }

    public static Account fromJson(JsonObject json) {
        return new Account(json.getString("address"), json.getString("publicKey"), json.getString("keyId"),
                json.getString("fingerprint", ""), json.getString("nickname", ""), json.getLong("createdAt", 0L));
    }

    public Account withNickname(String newNickname) {
        return new Account(address, publicKey, keyId, fingerprint, newNickname, createdAt);
    }
}
