package io.kampachi.client.config;

/**
 * A client configuration that cannot be used; the message names the offending config key, or the daemon option
 * that set the value.
 */
public final class ConfigException extends Exception {

    private final String key;

    public ConfigException(String key, String message) {
        super(describe(key) + ": " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(describe(key) + ": " + message, cause);
        this.key = key;
    }

    /**
     * Returns the dotted path of the offending key, for example {@code server.port}, or the option that set the
     * value, for example {@code --server}.
     */
    public String key() {
        return key;
    }

    /**
     * Names a setting for people: {@code config key 'server.port'} for a config key, {@code option '--server'} for
     * a command-line option (a name that starts with a dash).
     */
    public static String describe(String key) {
        return key.startsWith("-") ? "option '" + key + "'" : "config key '" + key + "'";
    }
}
