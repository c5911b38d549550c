package io.kampachi.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kampachi.common.crypto.Fingerprints;
import io.kampachi.common.crypto.PemFiles;
import io.kampachi.common.crypto.RsaKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded defaults, the daemon's command-line overrides and the pairing of fingerprint and key file. */
class ConfigOverridesTest {

    private static final String FINGERPRINT = "SHA256:" + "A".repeat(43);
    private static final String MD5 = "MD5:" + "ab:".repeat(15) + "cd";

    @TempDir
    Path dir;

    @Test
    void noFileMeansTheEmbeddedDefaultsWithoutAPin() throws Exception {
        ClientConfig config = ClientConfig.load(null, ConfigOverrides.NONE, dir);
        assertEquals("127.0.0.1", config.serverHost());
        assertEquals(12975, config.serverPort());
        assertNull(config.serverPin());
        assertNull(config.serverFingerprint());
        assertEquals(dir.resolve(".kampachi"), config.stateDir());
        assertEquals(dir.resolve(".kampachi/control/kampachi.sock"), config.controlSocket());
        assertEquals("0.0.0.0", config.udpBind());
        assertEquals("kam0", config.tunName());
    }

    @Test
    void aFileWithoutServerSectionIsUnpinned() throws Exception {
        Path file = dir.resolve("client.json");
        Files.writeString(file, new JsonObject().put("stateDir", "state").encode());
        ClientConfig config = ClientConfig.load(file, ConfigOverrides.NONE, dir.resolve("home"));
        assertNull(config.serverPin());
        assertEquals(dir.resolve("state"), config.stateDir());
    }

    @Test
    void optionsOverrideTheFile() throws Exception {
        Path file = dir.resolve("client.json");
        Files.writeString(file, new JsonObject().put("server", new JsonObject().put("host", "203.0.113.10")
                .put("port", 1000).put("fingerprint", FINGERPRINT).put("publicKeyFile", "server.pem")).encode());
        Path key = dir.resolve("other.pem");
        ClientConfig config = ClientConfig.load(file, ConfigOverrides.of("127.0.0.2:2000", MD5, key), dir);
        assertEquals("127.0.0.2", config.serverHost());
        assertEquals(2000, config.serverPort());
        assertEquals(new ServerPin(MD5, "--server-fingerprint", key, "--server-key"), config.serverPin());

        ClientConfig hostOnly = ClientConfig.load(file, ConfigOverrides.of("localhost", null, null), dir);
        assertEquals("localhost", hostOnly.serverHost());
        assertEquals(12975, hostOnly.serverPort());
        assertEquals(new ServerPin(FINGERPRINT, "server.fingerprint", dir.resolve("server.pem"),
                "server.publicKeyFile"), hostOnly.serverPin());
    }

    @Test
    void pinHalvesFromFileAndOptionsCombine() throws Exception {
        JsonObject fingerprintOnly = new JsonObject().put("server", new JsonObject().put("fingerprint", FINGERPRINT));
        Path key = dir.resolve("server.pem");
        ServerPin pin = ClientConfig.fromJson(fingerprintOnly, dir, ConfigOverrides.of(null, null, key), dir)
                .serverPin();
        assertEquals(new ServerPin(FINGERPRINT, "server.fingerprint", key, "--server-key"), pin);

        JsonObject keyOnly = new JsonObject().put("server", new JsonObject().put("publicKeyFile", "server.pem"));
        pin = ClientConfig.fromJson(keyOnly, dir, ConfigOverrides.of(null, MD5, null), dir).serverPin();
        assertEquals(new ServerPin(MD5, "--server-fingerprint", key, "server.publicKeyFile"), pin);
    }

    @Test
    void badOptionValuesNameTheOption() {
        for (String server : List.of("", " ", ":80", "host:", "host:0", "host:65536", "host:x", "::1", "[::1]:80",
                "a b")) {
            assertOption("--server", () -> ConfigOverrides.of(server, null, null));
        }
        assertOption("--server-fingerprint", () -> ConfigOverrides.of(null, "nope", null));
        assertOption("--server-fingerprint", () -> ConfigOverrides.of(null, "SHA256:short", null));
        ConfigException e = assertOption("--server-fingerprint", () -> ConfigOverrides.of(null, "x", null));
        assertTrue(e.getMessage().contains("expected SHA256:<43 base64 characters>"), e.getMessage());
    }

    @Test
    void keyFileAloneIsRefused() {
        ConfigException e = assertOption("--server-key", () -> ClientConfig.load(null,
                ConfigOverrides.of(null, null, dir.resolve("server.pem")), dir));
        assertTrue(e.getMessage().contains("pins nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("--server-fingerprint"), e.getMessage());
    }

    @Test
    void fingerprintAloneIsRefused() {
        ConfigException e = assertOption("--server-fingerprint", () -> ClientConfig.load(null,
                ConfigOverrides.of(null, FINGERPRINT, null), dir));
        assertTrue(e.getMessage().contains("--server-key"), e.getMessage());
    }

    @Test
    void readKeyRejectsAMismatchNamingBothSources() throws Exception {
        RSAPublicKey key = (RSAPublicKey) RsaKeys.generate(new SecureRandom()).getPublic();
        Path file = dir.resolve("server.pem");
        PemFiles.writePublicKey(file, key);
        assertEquals(key, new ServerPin(Fingerprints.sha256Text(key), "--server-fingerprint", file, "--server-key")
                .readKey());
        assertEquals(key, new ServerPin(Fingerprints.md5Text(key), "--server-fingerprint", file, "--server-key")
                .readKey());

        ConfigException e = assertOption("--server-fingerprint", () -> new ServerPin(FINGERPRINT,
                "--server-fingerprint", file, "server.publicKeyFile").readKey());
        assertTrue(e.getMessage().contains("not the pinned " + FINGERPRINT), e.getMessage());
        assertTrue(e.getMessage().contains("config key 'server.publicKeyFile'"), e.getMessage());
        assertOption("--server-key", () -> new ServerPin(FINGERPRINT, "--server-fingerprint",
                dir.resolve("missing.pem"), "--server-key").readKey());
    }

    private static ConfigException assertOption(String option, ThrowingAction action) {
        ConfigException e = assertThrows(ConfigException.class, action::run);
        assertEquals(option, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("option '" + option + "': "), e.getMessage());
        return e;
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }
}
