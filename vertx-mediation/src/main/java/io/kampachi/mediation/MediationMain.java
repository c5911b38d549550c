package io.kampachi.mediation;

import io.kampachi.common.crypto.PemFiles;
import io.kampachi.mediation.config.ConfigException;
import io.kampachi.mediation.config.ConfigLoader;
import io.kampachi.mediation.config.MediationConfig;
import io.kampachi.mediation.keys.ServerKey;
import io.kampachi.mediation.keys.ServerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point of {@code kampachi-mediation.jar}: loads the configuration, starts a
 * node and runs until the process receives SIGTERM or SIGINT.
 */
@Command(name = "kampachi-mediation", mixinStandardHelpOptions = true, version = "Kampachi mediation 0.1.0",
        description = "Runs a Kampachi mediation node: client logins, accounts, networks, presence, NAT probes"
                + " and tunnel brokering. Without a config file it uses the embedded defaults, keeps its state in"
                + " ./kampachi-mediation-data and generates a server key there on first start.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--print-fingerprints, --export-public-key, --help or --version done",
            "1:failed to start or to write the exported key",
            "2:bad command line or configuration", "130:stopped by SIGINT (Ctrl-C) after a clean shutdown",
            "143:stopped by SIGTERM after a clean shutdown"})
public final class MediationMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(MediationMain.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-conf", "--config"}, paramLabel = "FILE",
            description = "JSON config file; its keys override the embedded defaults (see docs/mediation.md)")
    private Path configFile;

    @Option(names = "--print-fingerprints",
            description = "print the server key fingerprints (generating the key if needed) and exit")
    private boolean printFingerprints;

    @Option(names = "--export-public-key", paramLabel = "FILE",
            description = "write the public half of the key new clients should pin (the first key file) to FILE"
                    + " as PEM, generating the key if needed, and exit; clients name that file in"
                    + " server.publicKeyFile")
    private Path publicKeyExport;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediationMain()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MediationConfig config;
        ServerKeys keys;

        try {
            config = configFile == null ? ConfigLoader.load() : ConfigLoader.load(configFile);
            keys = ServerKeys.load(config.keys());
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 2;
        }
        printKeys(out, keys);
        if (publicKeyExport != null) {
            return exportPublicKey(keys.primary(), out, err);
        }
        if (printFingerprints) {
            return 0;
        }

        MediationNode node;
        try {
            node = MediationNode.start(config);
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            // The message names the cause, such as a corrupt database or a port in use.
            err.println("failed to start: " + e.getMessage());
            err.flush();
            LOG.debug("mediation node failed to start", e);
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "kampachi-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int exportPublicKey(ServerKey key, PrintWriter out, PrintWriter err) {
        try {
            PemFiles.writePublicKey(publicKeyExport, (RSAPublicKey) key.keyPair().getPublic());
        } catch (IOException e) {
            err.println("cannot write the public key to " + publicKeyExport + ": " + e.getMessage());
            return 1;
        }
        out.println("public key of " + key.sha256Text() + " written to " + publicKeyExport);
        out.flush();
        return 0;
    }

    private static void printKeys(PrintWriter out, ServerKeys keys) {
        for (ServerKey key : keys.all()) {
            out.println("server key " + key.file());
            out.println("  fingerprint " + key.sha256Text());
            out.println("  md5         " + key.md5Text());
        }
        out.flush();
    }
}
