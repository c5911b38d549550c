package io.kampachi.mediation.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static final Path BASE = Path.of("/srv/kampachi");

    @Test
    void defaultsListenOnAllInterfacesAndClusterOnLoopback() {
        MediationConfig config = ConfigLoader.fromOverrides(new JsonObject(), BASE);
        assertEquals(new MediationConfig.Listen("0.0.0.0", 12975), config.control());
        assertEquals(new MediationConfig.Listen("0.0.0.0", 12975), config.probe());
        assertEquals(BASE.resolve("kampachi-mediation-data"), config.dataDir());
        assertEquals(List.of(BASE.resolve("kampachi-mediation-data/server-key.pem")), config.keys().files());
        assertEquals("100.64.0.0/10", config.addressPool().toString());
        assertEquals(Duration.ofSeconds(60), config.timeouts().idle());
        assertEquals(Duration.ofSeconds(20), config.timeouts().keepalive());
        assertEquals(Duration.ofSeconds(10), config.timeouts().login());
        assertEquals("127.0.0.1", config.cluster().host());
        assertEquals(List.of("127.0.0.1:5701"), config.cluster().members());
    }

    @Test
    void exampleConfigFileMatchesTheDefaults() throws Exception {
        Path example = Path.of("..", "conf", "mediation.json");
        JsonObject fromFile = new JsonObject(Files.readString(example));
        assertEquals(ConfigLoader.defaults(), fromFile);
        assertEquals(ConfigLoader.fromOverrides(new JsonObject(), BASE), ConfigLoader.fromOverrides(fromFile, BASE));
    }

    @Test
    void overridesMergeIntoNestedObjects() {
        JsonObject overrides = new JsonObject()
                .put("control", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("timeouts", new JsonObject().put("idleMs", 500))
                .put("dataDir", "/var/lib/kampachi");
        MediationConfig config = ConfigLoader.fromOverrides(overrides, BASE);
        assertEquals(new MediationConfig.Listen("127.0.0.1", 0), config.control());
        assertEquals(Duration.ofMillis(500), config.timeouts().idle());
        assertEquals(Duration.ofSeconds(10), config.timeouts().login());
        assertEquals(Path.of("/var/lib/kampachi"), config.dataDir());
    }

    @Test
    void missingFileIsNamedWithoutAnEmptyKey() {
        Path missing = Path.of("no-such-dir", "mediation.json");
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals("", error.key());
        assertEquals("cannot read config file " + missing + ": no such file", error.getMessage());
    }

    @Test
    void unknownKeyIsRejectedByName() {
        JsonObject overrides = new JsonObject().put("control", new JsonObject().put("prot", 1));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("control.prot", error.key());
    }

    @Test
    void outOfRangePortNamesTheKeyAndTheRange() {
        JsonObject overrides = new JsonObject().put("probe", new JsonObject().put("port", 70000));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("probe.port", error.key());
        assertTrue(error.getMessage().contains("0 to 65535"), error.getMessage());
    }

    @Test
    void hostNameIsRejectedBecauseOnlyLiteralsAreAccepted() {
        JsonObject overrides = new JsonObject().put("control", new JsonObject().put("host", "example.org"));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("control.host", error.key());
    }

    @Test
    void addressPoolWithHostBitsIsRejected() {
        JsonObject overrides = new JsonObject().put("addressPool", "100.64.0.1/10");
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("addressPool", error.key());
    }

    @Test
    void scryptCostMustBeAPowerOfTwo() {
        JsonObject overrides = new JsonObject().put("passwords", new JsonObject().put("scryptCost", 3000));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("passwords.scryptCost", error.key());
    }

    @Test
    void passwordPoolIsSmallAndBoundedByDefault() {
        MediationConfig config = ConfigLoader.fromOverrides(new JsonObject(), BASE);
        assertEquals(2, config.passwordThreads());
        assertEquals(16, config.passwordQueue());
        JsonObject overrides = new JsonObject().put("passwords", new JsonObject().put("threads", 0));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("passwords.threads", error.key());
    }

    @Test
    void clusterMemberNeedsAPort() {
        JsonObject overrides = new JsonObject().put("cluster", new JsonObject()
                .put("members", new JsonArray().add("127.0.0.1:5701").add("127.0.0.1")));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("cluster.members[1]", error.key());
    }

    @Test
    void limitsWhoseSyncCannotFitAreRejected() {
        JsonObject overrides = new JsonObject().put("limits", new JsonObject()
                .put("networksPerAccount", 64).put("membersPerNetwork", 256));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("limits", error.key());
        assertTrue(error.getMessage().contains("65501"), error.getMessage());
    }

    @Test
    void wrongTypeNamesTheKey() {
        JsonObject overrides = new JsonObject().put("keys", new JsonObject().put("generate", "yes"));
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromOverrides(overrides, BASE));
        assertEquals("keys.generate", error.key());
    }
}
