package io.kampachi.client.cli;

import io.kampachi.client.config.ClientConfig;
import io.kampachi.client.config.ConfigException;
import io.kampachi.client.config.ConfigOverrides;
import io.kampachi.client.daemon.ClientDaemon;
import io.kampachi.client.tun.TunFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the daemon in the foreground until SIGINT or SIGTERM. */
@Command(name = "daemon", description = {DaemonCommand.SUMMARY, DaemonCommand.DEFAULTS, DaemonCommand.PINNING},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped normally", "1:failed to start", "2:bad command line",
            "3:unusable configuration or option value"})
final class DaemonCommand implements Callable<Integer> {

    static final String SUMMARY = "Run the client daemon: TUN device, control session, tunnels.";
    static final String DEFAULTS = "Without --config it runs on embedded defaults: server 127.0.0.1:12975, state"
            + " directory ~/.kampachi, control socket ~/.kampachi/control/kampachi.sock. The options below override"
            + " the config file.";
    static final String PINNING = "It logs in only to a server whose key is pinned: --server-fingerprint (or"
            + " server.fingerprint) and --server-key (or server.publicKeyFile) together. Without a pinned key it"
            + " still starts, with login disabled.";
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_CONFIG = 3;

    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "JSON config file (keys in docs/client.md); without it, the embedded defaults.")
    Path config;

    @Option(names = "--server", paramLabel = "HOST[:PORT]",
            description = "Mediation server; PORT defaults to 12975. Overrides server.host and server.port.")
    String server;

    @Option(names = "--server-fingerprint", paramLabel = "FP",
            description = "Pin the server key: SHA256:... or MD5 colon hex, as 'kampachi-mediation.jar"
                    + " --print-fingerprints' prints it on the server. Take it from the server's operator, not from"
                    + " the key file. Overrides server.fingerprint.")
    String serverFingerprint;

    @Option(names = "--server-key", paramLabel = "FILE",
            description = "The server's RSA public key, PEM (on the server: 'kampachi-mediation.jar"
                    + " --export-public-key FILE'). Its fingerprint must match the pinned one;"
                    + " 'key-fingerprint FILE' shows it."
                    + " Needs a fingerprint too. Overrides server.publicKeyFile.")
    Path serverKey;

    private final TunFactory tunFactory;
    private final Path home;
    /** Completes with the daemon once it runs; tests wait on it and close the daemon to end the command. */
    final CompletableFuture<ClientDaemon> started = new CompletableFuture<>();

    DaemonCommand() {
        this(TunFactory.LINUX, ClientConfig.userHome());
    }

    /** A daemon command that opens its TUN device with {@code tunFactory} and keeps its default state in home. */
    DaemonCommand(TunFactory tunFactory, Path home) {
        this.tunFactory = tunFactory;
        this.home = home;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig clientConfig;
        try {
            clientConfig = ClientConfig.load(config, ConfigOverrides.of(server, serverFingerprint, serverKey), home);
            if (clientConfig.serverPin() != null) {
                clientConfig.serverPin().readKey();
            }
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return EXIT_CONFIG;
        }

        if (config == null) {
            LOG.info("No config file given: running on the embedded defaults and the command-line options");
        } else {
            LOG.info("Config file: {}", config.toAbsolutePath());
        }
        ClientDaemon daemon;
        try {
            daemon = ClientDaemon.start(clientConfig, tunFactory)
                    .toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("error: daemon did not start: " + cause.getMessage());
            err.flush();
            started.completeExceptionally(cause);
            return EXIT_START_FAILED;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "kampachi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.closeFuture().onComplete(ar -> stopped.countDown());
        started.complete(daemon);
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and the hook is running: nothing to remove.
        }
        return 0;
    }
}
