package io.kampachi.client.config;

/** A client configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends Exception {

    private final String key;

    public ConfigException(String key, String message) {
        super("config key '" + key + "': " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super("config key '" + key + "': " + message, cause);
        this.key = key;
    }

    /** Returns the dotted path of the offending key, for example {@code server.port}. */
    public String key() {
        return key;
    }
}
