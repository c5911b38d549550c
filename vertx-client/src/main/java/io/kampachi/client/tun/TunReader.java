package io.kampachi.client.tun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads packets from a {@link TunDevice} on a dedicated daemon thread and hands each one, as a fresh array,
 * to a consumer. The consumer runs on the reader thread, so it must only queue the packet (for example with
 * {@code Context.runOnContext}) and return.
 *
 * <p>Each read waits at most {@link #POLL_TIMEOUT_MILLIS}, so {@link #close} stops the thread within that time.
 */
public final class TunReader implements AutoCloseable {

    /** Upper bound on how long one read waits, and so on how long close waits for the thread. */
    public static final int POLL_TIMEOUT_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(TunReader.class);

    private final TunDevice device;
    private final Consumer<byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private TunReader(TunDevice device, Consumer<byte[]> consumer) {
        this.device = device;
        this.consumer = consumer;
        this.thread = new Thread(this::loop, "kampachi-tun-reader-" + device.name());
        this.thread.setDaemon(true);
    }

    /** Starts a reader thread on {@code device}. */
    public static TunReader start(TunDevice device, Consumer<byte[]> consumer) {
        TunReader reader = new TunReader(Objects.requireNonNull(device), Objects.requireNonNull(consumer));
        reader.thread.start();
        return reader;
    }

    private void loop() {
        LOG.info("TUN reader started: name={}", device.name());
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        while (running) {
            buffer.clear();
            int length;
            try {
                length = device.read(buffer, POLL_TIMEOUT_MILLIS);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                LOG.warn("TUN read failed: name={} error={}", device.name(), e.getMessage());
                pause();
                continue;
            }
            if (length <= 0) {
                continue;
            }
            byte[] packet = new byte[length];
            buffer.flip().get(packet);
            try {
                consumer.accept(packet);
            } catch (RuntimeException e) {
                LOG.error("TUN packet consumer failed: name={}", device.name(), e);
            }
        }
        LOG.info("TUN reader stopped: name={}", device.name());
    }

    /** Slows a loop that meets a persistent read error so that it cannot spin on one core. */
    private void pause() {
        try {
            Thread.sleep(POLL_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Returns true while the reader thread runs. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Stops the reader thread and waits for it; the device stays open. */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(4L * POLL_TIMEOUT_MILLIS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
