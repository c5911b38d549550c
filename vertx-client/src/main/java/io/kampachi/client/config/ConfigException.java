package io.kampachi.client.config;

/** A client configuration that cannot be used; the message names the offending key. */
public final class ConfigException extends Exception {

    /** Key reported for a problem with the file as a whole (unreadable, or not a JSON object). */
    public static final String FILE = "file";

    private final String key;

    public ConfigException(String key, String message) {
        super("config key '" + key + "': " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super("config key '" + key + "': " + message, cause);
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

    /** Returns the dotted path of the offending key, for example {@code server.port}. */
    public String key() {
        return key;
    }
}
