package io.kampachi.client.config;

import io.kampachi.client.tun.TunMtu;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client daemon's configuration: the embedded defaults, a JSON file's values over them, and the daemon's
 * command-line options ({@link ConfigOverrides}) over those.
 *
 * <pre>
 * {
 *   "server": {
 *     "host": "127.0.0.1",            mediation server host (default 127.0.0.1)
 *     "port": 12975,                  its control port (default 12975)
 *     "fingerprint": "SHA256:...",    pinned server key, SHA256 or MD5 (colon hex) form (default none)
 *     "publicKeyFile": "server.pem"   the server's public key, PEM, relative to the file (default none)
 *   },
 *   "stateDir": "/var/lib/kampachi",  key pair and identity, created owner-only (default ~/.kampachi)
 *   "controlSocket": "...",           CLI socket (default STATE_DIR/control/kampachi.sock)
 *   "udpBind": "0.0.0.0",             tunnel UDP bind address, an IPv4 literal (default 0.0.0.0)
 *   "udpPort": 0,                     tunnel UDP port, 0 for any free port (default 0)
 *   "tun": {"name": "kam0", "mtu": 1419, "prefixLength": 10},
 *   "keepaliveSeconds": 20,           control keep-alive interval (default 20)
 *   "nickname": "alice"               nickname sent after login (optional)
 * }
 * </pre>
 * Unknown keys are rejected so that a typo does not silently fall back to a default. The fingerprint and the key
 * file pin the server key together: either both are set (from the file or the options) or neither is, and then
 * the daemon runs with login disabled ({@link #serverPin()} is null).
 */
public record ClientConfig(
        String serverHost,
        int serverPort,
        ServerPin serverPin,
        Path stateDir,
        Path controlSocket,
        String udpBind,
        int udpPort,
        String tunName,
        int tunMtu,
        int tunPrefixLength,
        int keepaliveSeconds,
        String nickname) {

    /** The mediation server's default host. */
    public static final String DEFAULT_SERVER_HOST = "127.0.0.1";
    /** The mediation server's default control port. */
    public static final int DEFAULT_SERVER_PORT = 12975;
    /** The default client address pool is 100.64.0.0/10, so the overlay network uses this prefix. */
    public static final int DEFAULT_PREFIX_LENGTH = 10;

    private static final Set<String> TOP_KEYS = Set.of("server", "stateDir", "controlSocket", "udpBind", "udpPort",
            "tun",
            "keepaliveSeconds", "nickname");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "fingerprint", "publicKeyFile");
    private static final Set<String> TUN_KEYS = Set.of("name", "mtu", "prefixLength");
    private static final Pattern TUN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.%-]{0,14}");
    private static final Pattern SHA256_FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}"
            + "(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    private static final Pattern MD5_FINGERPRINT = Pattern.compile("(MD5:)?([0-9a-fA-F]{2}:){15}[0-9a-fA-F]{2}");

    /**
     * Reads and validates a configuration file.
     *
     * @throws ConfigException naming the key whose value is missing or wrong, or {@code file} if it cannot be read
     */
    public static ClientConfig load(Path file) throws ConfigException {
        return load(file, ConfigOverrides.NONE, userHome());
    }

    /**
     * Reads and validates a configuration file, or takes the embedded defaults when {@code file} is null, and
     * applies the command-line overrides.
     *
     * @param home the directory whose {@code .kampachi} is the default state directory
     * @throws ConfigException naming the key or option whose value is missing or wrong, or {@code file} if it
     *     cannot be read
     */
    public static ClientConfig load(Path file, ConfigOverrides overrides, Path home) throws ConfigException {
        if (file == null) {
            return fromJson(new JsonObject(), null, overrides, home);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.forFile("cannot read config file " + file + ": " + ioReason(e), e);
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw ConfigException.forFile("config file " + file + " is not a JSON object: " + jsonReason(e), e);
        }
        Path base = file.toAbsolutePath().getParent();
        return fromJson(json, base, overrides, home);
    }

    /** Returns why a file could not be read, because some exceptions carry only the path as their message. */
    public static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Returns the parser's message on one line, without its "[Source: REDACTED ...]" parts. */
    private static String jsonReason(DecodeException e) {
        String message = e.getMessage() == null ? "malformed JSON" : e.getMessage();
        return message.replaceAll("\\[Source: [^;]*; ", "[").replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Builds a configuration from JSON; relative paths resolve against {@code base}.
     *
     * @throws ConfigException naming the key whose value is missing or wrong
     */
    public static ClientConfig fromJson(JsonObject json, Path base) throws ConfigException {
        return fromJson(json, base, ConfigOverrides.NONE, userHome());
    }

    /**
     * Builds a configuration from JSON and the command-line overrides; relative paths in the JSON resolve against
     * {@code base}, and the default state directory is {@code home/.kampachi}.
     *
     * @throws ConfigException naming the key or option whose value is missing or wrong
     */
    public static ClientConfig fromJson(JsonObject json, Path base, ConfigOverrides overrides, Path home)
            throws ConfigException {
        rejectUnknown(json, TOP_KEYS, "");
        JsonObject server = json.containsKey("server") ? object(json, "server", "server") : new JsonObject();
        rejectUnknown(server, SERVER_KEYS, "server.");
        JsonObject tun = json.containsKey("tun") ? object(json, "tun", "tun") : new JsonObject();
        rejectUnknown(tun, TUN_KEYS, "tun.");

        String host = string(server, "host", "server.host", DEFAULT_SERVER_HOST);
        int port = integer(server, "port", "server.port", DEFAULT_SERVER_PORT, 1, 65535);
        if (overrides.serverHost() != null) {
            host = overrides.serverHost();
            port = overrides.serverPort() != null ? overrides.serverPort() : DEFAULT_SERVER_PORT;
        }
        ServerPin pin = serverPin(server, base, overrides);
        Path stateDir = path(base, string(json, "stateDir", "stateDir", defaultStateDir(home).toString()));
        Path socket = json.containsKey("controlSocket")
                ? path(base, string(json, "controlSocket", "controlSocket", null))
                : defaultControlSocket(stateDir);
        String udpBind = string(json, "udpBind", "udpBind", "0.0.0.0");
        if (!IPV4.matcher(udpBind).matches()) {
            throw new ConfigException("udpBind", "expected an IPv4 address literal, got '" + udpBind + "'");
        }
        int udpPort = integer(json, "udpPort", "udpPort", 0, 0, 65535);
        String tunName = string(tun, "name", "tun.name", "kam0");
        if (!TUN_NAME.matcher(tunName).matches()) {
            throw new ConfigException("tun.name", "expected 1 to 15 letters, digits or '_.%-', starting with a letter,"
                    + " got '" + tunName + "'");
        }
        int mtu = integer(tun, "mtu", "tun.mtu", TunMtu.DEFAULT, 576, 9000);
        int prefix = integer(tun, "prefixLength", "tun.prefixLength", DEFAULT_PREFIX_LENGTH, 1, 30);
        int keepalive = integer(json, "keepaliveSeconds", "keepaliveSeconds", 20, 1, 55);
        String nickname = string(json, "nickname", "nickname", null);
        return new ClientConfig(host, port, pin, stateDir, socket, udpBind, udpPort, tunName, mtu, prefix, keepalive,
                nickname);
    }

    /** Returns the pinned fingerprint, or null if no server key is pinned. */
    public String serverFingerprint() {
        return serverPin == null ? null : serverPin.fingerprint();
    }

    /** Returns the pinned server's public key file, or null if no server key is pinned. */
    public Path serverPublicKeyFile() {
        return serverPin == null ? null : serverPin.publicKeyFile();
    }

    /** Returns the default state directory, {@code home/.kampachi}. */
    public static Path defaultStateDir(Path home) {
        return home.resolve(".kampachi");
    }

    /** Returns the default control socket in a state directory. */
    public static Path defaultControlSocket(Path stateDir) {
        return stateDir.resolve("control").resolve("kampachi.sock");
    }

    /** Returns the user's home directory, where the default state directory lives. */
    public static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    /**
     * Checks the form of a fingerprint: {@code SHA256:} and 43 base64 characters, or 16 colon-separated hex bytes
     * with an optional {@code MD5:} prefix.
     *
     * @throws ConfigException naming {@code key} if the form is wrong
     */
    static void checkFingerprint(String key, String fingerprint) throws ConfigException {
        if (!SHA256_FINGERPRINT.matcher(fingerprint).matches() && !MD5_FINGERPRINT.matcher(fingerprint).matches()) {
            throw new ConfigException(key, "expected SHA256:<43 base64 characters> or 16 colon-separated hex bytes,"
                    + " got '" + fingerprint + "'");
        }
    }

    private static ServerPin serverPin(JsonObject server, Path base, ConfigOverrides overrides)
            throws ConfigException {
        String fingerprint = string(server, "fingerprint", "server.fingerprint", null);
        if (fingerprint != null) {
            checkFingerprint("server.fingerprint", fingerprint);
        }
        String fingerprintKey = "server.fingerprint";
        if (overrides.serverFingerprint() != null) {
            fingerprint = overrides.serverFingerprint();
            fingerprintKey = ConfigOverrides.FINGERPRINT_OPTION;
        }
        String keyFileText = string(server, "publicKeyFile", "server.publicKeyFile", null);
        Path keyFile = keyFileText == null ? null : path(base, keyFileText);
        String keyFileKey = "server.publicKeyFile";
        if (overrides.serverPublicKeyFile() != null) {
            keyFile = overrides.serverPublicKeyFile();
            keyFileKey = ConfigOverrides.KEY_FILE_OPTION;
        }
        if (fingerprint == null && keyFile == null) {
            return null;
        }
        if (fingerprint == null) {
            throw new ConfigException(keyFileKey, "a key file alone pins nothing: also state the fingerprint you"
                    + " expect with server.fingerprint or " + ConfigOverrides.FINGERPRINT_OPTION + ", as the server"
                    + " prints it with --print-fingerprints");
        }
        if (keyFile == null) {
            throw new ConfigException(fingerprintKey, "the pinned fingerprint needs the server's public key file"
                    + " as well: set server.publicKeyFile or " + ConfigOverrides.KEY_FILE_OPTION);
        }
        return new ServerPin(fingerprint, fingerprintKey, keyFile, keyFileKey);
    }

    private static void rejectUnknown(JsonObject json, Set<String> known, String prefix) throws ConfigException {
        for (String key : json.fieldNames()) {
            if (!known.contains(key)) {
                throw new ConfigException(prefix + key, "unknown key (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static JsonObject object(JsonObject json, String field, String key) throws ConfigException {
        Object value = json.getValue(field);
        if (!(value instanceof JsonObject)) {
            throw new ConfigException(key, value == null ? "required object is missing" : "expected a JSON object");
        }
        return (JsonObject) value;
    }

    private static String string(JsonObject json, String field, String key, String fallback) throws ConfigException {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String) || ((String) value).isBlank()) {
            throw new ConfigException(key, "expected a non-empty string, got " + value);
        }
        return (String) value;
    }

    private static int integer(JsonObject json, String field, String key, int fallback, int min, int max)
            throws ConfigException {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw new ConfigException(key, "expected an integer from " + min + " to " + max + ", got " + value);
        }
        return ((Number) value).intValue();
    }

    private static Path path(Path base, String value) {
        Path path = Path.of(value);
        return path.isAbsolute() || base == null ? path : base.resolve(path);
    }
}
