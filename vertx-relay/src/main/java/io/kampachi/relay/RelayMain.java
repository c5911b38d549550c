package io.kampachi.relay;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line entry point of {@code kampachi-relay.jar}. */
@Command(name = "kampachi-relay", mixinStandardHelpOptions = true, version = "Kampachi relay 0.1.0",
        description = "Runs a Kampachi relay. With no config it runs on embedded defaults.")
public final class RelayMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RelayMain.class);

    @Option(names = {"-conf", "--config"}, paramLabel = "FILE",
            description = "JSON config file (keys: bindHost, udpPort). Default: embedded defaults.")
    private Path configFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RelayMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        RelayConfig config;
        try {
            config = configFile == null ? RelayConfig.defaults() : RelayConfig.fromJson(readJson(configFile));
        } catch (IllegalArgumentException e) {
            LOG.error("invalid relay config {}: {}", configFile, e.getMessage());
            return 2;
        }

        Vertx vertx = Vertx.vertx();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().onComplete(done -> stopped.countDown());
            awaitQuietly(stopped);
        }, "relay-shutdown"));

        try {
            vertx.deployVerticle(new RelayVerticle(config)).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            LOG.error("relay failed to start on {}:{}: {}", config.bindHost(), config.udpPort(),
                    e.getCause().toString());
            vertx.close();
            return 1;
        }
        LOG.info("relay started ({}); it keeps no state on disk", configFile == null ? "embedded defaults"
                : "config " + configFile);
        stopped.await();
        return 0;
    }

    private static JsonObject readJson(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file: " + e.getMessage(), e);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("config file is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
