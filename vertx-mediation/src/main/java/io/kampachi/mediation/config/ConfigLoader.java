package io.kampachi.mediation.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Builds a {@link MediationConfig} from the embedded defaults ({@code defaults.json} beside this
 * class) and an optional JSON file whose keys override them. A key in the file that the defaults
 * do not have is rejected, so a misspelt key fails loudly instead of being ignored.
 */
public final class ConfigLoader {

    private static final String DEFAULTS_RESOURCE = "defaults.json";

    private ConfigLoader() {
    }

    /** Returns a copy of the embedded defaults. */
    public static JsonObject defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("embedded " + DEFAULTS_RESOURCE + " is missing from the jar");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the defaults only. Relative paths resolve against the working directory. */
    public static MediationConfig load() {
        return fromOverrides(new JsonObject(), Path.of("").toAbsolutePath());
    }

    /**
     * Loads {@code file} over the defaults. Relative paths in it (the data directory) resolve
     * against the working directory, as they would on a command line.
     *
     * @throws ConfigException if the file cannot be read, is not a JSON object, or holds a bad value
     */
    public static MediationConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + ioReason(e), e);
        }
        JsonObject overrides;
        try {
            overrides = new JsonObject(text);
        } catch (DecodeException e) {
            throw new ConfigException("", "config file " + file + " is not a JSON object: " + e.getMessage(), e);
        }
        return fromOverrides(overrides, Path.of("").toAbsolutePath());
    }

    /** Returns why a file could not be read, because some exceptions carry only the path as their message. */
    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Merges {@code overrides} over the defaults and validates the result.
     *
     * @param baseDir directory against which a relative {@code dataDir} resolves
     */
    public static MediationConfig fromOverrides(JsonObject overrides, Path baseDir) {
        JsonObject merged = defaults();
        checkKnownKeys(overrides, merged, "");
        merged.mergeIn(overrides, true);
        return MediationConfig.fromJson(merged, baseDir);
    }

    private static void checkKnownKeys(JsonObject overrides, JsonObject defaults, String prefix) {
        for (String name : overrides.fieldNames()) {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (!defaults.containsKey(name)) {
                throw new ConfigException(key, "unknown key (expected one of " + defaults.fieldNames() + ")");
            }
            Object expected = defaults.getValue(name);
            Object given = overrides.getValue(name);
            if (expected instanceof JsonObject) {
                if (!(given instanceof JsonObject)) {
                    throw new ConfigException(key, "expected a JSON object");
                }
                checkKnownKeys((JsonObject) given, (JsonObject) expected, key);
            }
        }
    }
}
