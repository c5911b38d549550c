package io.kampachi.mediation.config;

/**
 * A configuration value that cannot be used. The message starts with the dotted key (for example
 * {@code control.port}) and states what the key expects, so an operator can fix the file directly.
 */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** Dotted path of the offending key, or an empty string for the file as a whole. */
    public String key() {
        return key;
    }
}
