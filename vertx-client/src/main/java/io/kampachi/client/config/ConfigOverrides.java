package io.kampachi.client.config;

import java.nio.file.Path;

/**
 * Settings from the daemon's command line that replace the config file's values. Each value is checked as its
 * config key is, and an error names the option.
 */
public final class ConfigOverrides {

    /** Overrides {@code server.host} and {@code server.port}. */
    public static final String SERVER_OPTION = "--server";
    /** Overrides {@code server.fingerprint}. */
    public static final String FINGERPRINT_OPTION = "--server-fingerprint";
    /** Overrides {@code server.publicKeyFile}. */
    public static final String KEY_FILE_OPTION = "--server-key";

    /** No overrides: the config file or the embedded defaults alone. */
    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null);

    private final String serverHost;
    private final Integer serverPort;
    private final String serverFingerprint;
    private final Path serverPublicKeyFile;

    private ConfigOverrides(String serverHost, Integer serverPort, String serverFingerprint,
            Path serverPublicKeyFile) {
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.serverFingerprint = serverFingerprint;
        this.serverPublicKeyFile = serverPublicKeyFile;
    }

    /**
     * Checks the option values; a null value leaves the config's value alone.
     *
     * @param server {@code HOST} or {@code HOST:PORT}
     * @param fingerprint {@code SHA256:...} or MD5 colon hex
     * @param publicKeyFile the server's public key file; a relative path resolves against the working directory
     * @throws ConfigException naming the option whose value is wrong
     */
    public static ConfigOverrides of(String server, String fingerprint, Path publicKeyFile) throws ConfigException {
        String host = null;
        Integer port = null;
        if (server != null) {
            int colon = server.indexOf(':');
            host = colon < 0 ? server : server.substring(0, colon);
            if (colon != server.lastIndexOf(':') || host.isBlank()
                    || host.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(SERVER_OPTION, "expected HOST or HOST:PORT (an IPv6 literal is not"
                        + " supported), got '" + server + "'");
            }
            if (colon >= 0) {
                port = port(server.substring(colon + 1));
            }
        }
        if (fingerprint != null) {
            ClientConfig.checkFingerprint(FINGERPRINT_OPTION, fingerprint);
        }
        return new ConfigOverrides(host, port, fingerprint,
                publicKeyFile == null ? null : publicKeyFile.toAbsolutePath());
    }

    private static int port(String text) throws ConfigException {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(SERVER_OPTION, "expected a port from 1 to 65535 after the colon, got '"
                    + text + "'");
        }
        return port;
    }

    String serverHost() {
        return serverHost;
    }

    Integer serverPort() {
        return serverPort;
    }

    String serverFingerprint() {
        return serverFingerprint;
    }

    Path serverPublicKeyFile() {
        return serverPublicKeyFile;
    }
}
