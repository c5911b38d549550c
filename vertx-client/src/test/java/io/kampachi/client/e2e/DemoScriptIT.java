package io.kampachi.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code src/test/e2e/run-demo.sh} against the built client and mediation jars: two client daemons and a
 * mediation server in their own network namespaces. Runs in the {@code integration-test} phase, after the jars are
 * packaged; skips without root, the jars or the script's tools.
 */
class DemoScriptIT {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScriptIT.class);
    /** The script's exit status when a prerequisite is missing. */
    private static final int SKIPPED = 77;

    @Test
    void demoPassesEveryCheck() throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "end-to-end demo skipped: needs root");
        Path module = Path.of("").toAbsolutePath();
        Path script = module.resolve("src/test/e2e/run-demo.sh");
        Path clientJar = module.resolve("target/kampachi-client.jar");
        Path mediationJar = module.resolveSibling("vertx-mediation").resolve("target/kampachi-mediation.jar");
        assumeTrue(Files.exists(clientJar), "end-to-end demo skipped: " + clientJar + " is not built");
        assumeTrue(Files.exists(mediationJar), "end-to-end demo skipped: " + mediationJar + " is not built"
                + " (build the whole reactor: mvn -B verify)");
        Path output = Files.createTempFile("kampachi-demo", ".log");
        Process process = new ProcessBuilder("bash", script.toString(), clientJar.toString(), mediationJar.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        LOG.warn("run-demo.sh output:\n{}", text);
        assertTrue(finished, "run-demo.sh did not finish within 8 minutes");
        assumeTrue(process.exitValue() != SKIPPED, "end-to-end demo skipped: " + text.strip());
        assertEquals(0, process.exitValue(), text);
        assertTrue(text.contains("PASS:"), text);
    }
}
