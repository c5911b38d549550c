package io.kampachi.mediation.config;

/**
 * A configuration value that cannot be used. The message starts with the dotted key (for example
 * {@code control.port}) and states what the key expects, so an operator can fix the file directly. A
 * problem with the file as a whole has an empty key, and its message names the file instead.
 */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key.isEmpty() ? problem : key + ": " + problem, cause);
        this.key = key;
    }

    /** Dotted path of the offending key, or an empty string for the file as a whole. */
    public String key() {
        return key;
    }
}
