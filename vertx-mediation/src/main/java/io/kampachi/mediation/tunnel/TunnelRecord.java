package io.kampachi.mediation.tunnel;

import io.kampachi.mediation.config.AddressPool;
import io.vertx.core.json.JsonObject;

/**
 * A brokered tunnel between two clients. {@code a} is the lower address (compared as unsigned
 * 32-bit numbers), so every pair has exactly one record.
 *
 * @param a lower Kampachi address
 * @param b higher Kampachi address
 * @param spiA SPI on which {@code a} receives, so {@code b} sends with it (unsigned 32-bit, never 0)
 * @param spiB SPI on which {@code b} receives
 * @param pathA path last reported by {@code a} in {@code tunnel.status}, or {@code null}
 * @param pathB path last reported by {@code b}, or {@code null}
 * @param createdAt time the SPIs were drawn, in milliseconds since the epoch
 */
public record TunnelRecord(String a, String b, long spiA, long spiB, String pathA, String pathB, long createdAt) {

    /** Map key of the pair, {@code a|b} with the lower address first. */
    public static String pairKey(String first, String second) {
        return isLower(first, second) ? first + "|" + second : second + "|" + first;
    }

    /** Tells whether {@code first} sorts before {@code second} as unsigned 32-bit numbers. */
    public static boolean isLower(String first, String second) {
        return Integer.compareUnsigned(AddressPool.parseAddress(first), AddressPool.parseAddress(second)) < 0;
    }

    public String key() {
        return a + "|" + b;
    }

    /** Returns the other end of the tunnel as seen from {@code address}. */
    public String peerOf(String address) {
        return a.equals(address) ? b : a;
    }

    /** Returns the SPI on which {@code address} receives. */
    public long inboundSpiOf(String address) {
        return a.equals(address) ? spiA : spiB;
    }

    /** Returns the SPI with which {@code address} sends, which is its peer's inbound SPI. */
    public long outboundSpiOf(String address) {
        return a.equals(address) ? spiB : spiA;
    }

    public TunnelRecord withPath(String reporter, String path) {
        return a.equals(reporter)
                ? new TunnelRecord(a, b, spiA, spiB, path, pathB, createdAt)
                : new TunnelRecord(a, b, spiA, spiB, pathA, path, createdAt);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("a", a)
                .put("b", b)
                .put("spiA", spiA)
                .put("spiB", spiB)
                .put("createdAt", createdAt);
        if (pathA != null) {
            json.put("pathA", pathA);
        }
        if (pathB != null) {
            json.put("pathB", pathB);
        }
        return json;
    }

    public static TunnelRecord fromJson(JsonObject json) {
        return new TunnelRecord(json.getString("a"), json.getString("b"), json.getLong("spiA"), json.getLong("spiB"),
                json.getString("pathA"), json.getString("pathB"), json.getLong("createdAt", 0L));
    }
}
