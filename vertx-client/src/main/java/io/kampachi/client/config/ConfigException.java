package io.kampachi.client.config;

/**
 * A client configuration that cannot be used; the message names the offending config key, or the daemon option
 * that set the value.
 */
public final class ConfigException extends Exception {

    /** Key reported for a problem with the file as a whole (unreadable, or not a JSON object). */
    public static final String FILE = "file";

    private final String key;

    public ConfigException(String key, String message) {
        super(describe(key) + ": " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(describe(key) + ": " + message, cause);
        this.key = key;
    }

    private ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.key = FILE;
    }

    /** Returns an error about the config file as a whole. Its message names the file, not a key. */
    public static ConfigException forFile(String message, Throwable cause) {
        return new ConfigException(message, cause);
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
