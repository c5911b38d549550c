package io.kampachi.client.tun;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * A layer-3 virtual network interface that carries whole IP packets without any link-layer header.
 *
 * <p>One thread at a time may call {@link #read}; writes may come from any thread. {@link #close} may be
 * called from any thread: a read that is waiting returns within its timeout, and every call after close
 * fails with {@link java.nio.channels.ClosedChannelException}.
 */
public interface TunDevice extends AutoCloseable {

    /** Returns the interface name, for example {@code kam0}. */
    String name();

    /** Returns the interface MTU in bytes: the largest packet that {@link #read} returns. */
    int mtu();

    /**
     * Assigns the interface its IPv4 address and network prefix and brings it up.
     *
     * @throws IOException if the system refuses the configuration
     */
    void assignAddress(Inet4Address address, int prefixLength) throws IOException;

    /**
     * Reads one packet into {@code dst} from its position, waiting at most {@code timeoutMillis}.
     *
     * @return the packet length, or 0 if no packet arrived in time; {@code dst}'s position moves past the packet
     * @throws java.nio.channels.ClosedChannelException if the device is closed
     * @throws IOException if the read fails
     */
    int read(ByteBuffer dst, int timeoutMillis) throws IOException;

    /**
     * Writes the packet between {@code src}'s position and limit, and moves the position to the limit.
     *
     * @throws java.nio.channels.ClosedChannelException if the device is closed
     * @throws IOException if the kernel rejects the packet
     */
    void write(ByteBuffer src) throws IOException;

    /** Closes the device; a second call does nothing. */
    @Override
    void close();
}
