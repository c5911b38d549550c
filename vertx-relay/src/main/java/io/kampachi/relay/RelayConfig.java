package io.kampachi.relay;

import io.vertx.core.json.JsonObject;

/**
 * Relay settings read from a JSON config file; every key is optional and falls back to the
 * embedded default.
 *
 * <pre>
 * { "bindHost": "0.0.0.0", "udpPort": 12976 }
 * </pre>
 *
 * @param bindHost address the relay sockets bind to
 * @param udpPort UDP port for relayed peer datagrams; 0 picks a free port
 */
public record RelayConfig(String bindHost, int udpPort) {

    /** Default UDP port, one above the mediation server's control port. */
    public static final int DEFAULT_UDP_PORT = 12976;

    public static RelayConfig defaults() {
        return new RelayConfig("0.0.0.0", DEFAULT_UDP_PORT);
    }

    /**
     * Reads a config object, rejecting unknown keys and out-of-range values.
     *
     * @throws IllegalArgumentException naming the key that is wrong and what it must be
     */
    public static RelayConfig fromJson(JsonObject json) {
        for (String key : json.fieldNames()) {
            if (!key.equals("bindHost") && !key.equals("udpPort")) {
                throw new IllegalArgumentException("unknown relay config key '" + key
                        + "': expected bindHost or udpPort");
            }
        }
        RelayConfig defaults = defaults();
        Object host = json.getValue("bindHost", defaults.bindHost());
        if (!(host instanceof String) || ((String) host).isBlank()) {
            throw new IllegalArgumentException("relay config key 'bindHost' must be a non-empty string, got "
                    + host);
        }
        Object port = json.getValue("udpPort", defaults.udpPort());
        if (!(port instanceof Integer) || (Integer) port < 0 || (Integer) port > 65535) {
            throw new IllegalArgumentException("relay config key 'udpPort' must be an integer from 0 to 65535, got "
                    + port);
        }
        return new RelayConfig((String) host, (Integer) port);
    }
}
