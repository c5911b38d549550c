package io.kampachi.client.tun;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link TunDevice} for tests without root: {@link #inject} queues a packet as if the operating
 * system had routed it into the interface, and {@link #takeWritten} returns what the client wrote to it.
 */
public final class QueueTunDevice implements TunDevice {

    private final String name;
    private final int mtu;
    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> fromClient = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile Inet4Address address;
    private volatile int prefixLength;

    public QueueTunDevice(String name, int mtu) {
        this.name = name;
        this.mtu = mtu;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public void assignAddress(Inet4Address newAddress, int newPrefixLength) {
        this.address = newAddress;
        this.prefixLength = newPrefixLength;
    }

    /** Returns the address from the last {@link #assignAddress}, or null. */
    public Inet4Address address() {
        return address;
    }

    /** Returns the prefix length from the last {@link #assignAddress}. */
    public int prefixLength() {
        return prefixLength;
    }

    /** Queues a packet for the client to read. */
    public void inject(byte[] packet) {
        toClient.add(packet.clone());
    }

    /** Returns the next packet that the client wrote, or null if none arrives in time. */
    public byte[] takeWritten(long timeout, TimeUnit unit) throws InterruptedException {
        return fromClient.poll(timeout, unit);
    }

    /** Returns the number of written packets not yet taken. */
    public int writtenCount() {
        return fromClient.size();
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        byte[] packet;
        try {
            packet = toClient.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (packet == null) {
            return 0;
        }
        dst.put(packet);
        return packet.length;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        byte[] packet = new byte[src.remaining()];
        src.get(packet);
        fromClient.add(packet);
    }

    @Override
    public void close() {
        closed = true;
    }
}
