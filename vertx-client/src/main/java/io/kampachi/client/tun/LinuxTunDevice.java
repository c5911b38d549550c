package io.kampachi.client.tun;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux TUN interface opened through {@code /dev/net/tun} in {@code IFF_TUN | IFF_NO_PI} mode, so each read
 * and write carries exactly one IP packet with no packet-information prefix.
 *
 * <p>Reads wait in {@code poll(2)} for at most the caller's timeout, so a reader thread notices
 * {@link #close} within one timeout. Close waits for a running read or write to return before it releases the
 * file descriptor, so a descriptor number is never reused under a running call. Needs root (or
 * {@code CAP_NET_ADMIN}) and the {@code ip} tool.
 */
public final class LinuxTunDevice implements TunDevice {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxTunDevice.class);

    private static final String CLONE_DEVICE = "/dev/net/tun";
    /** {@code _IOW('T', 202, int)}: attaches the descriptor to a new or existing interface. */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq}: a 16-byte name, then a union whose first member here is the short flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_FLAGS_OFFSET = 16;
    /** Reads use a buffer this large so that no packet is cut short, whatever the MTU. */
    private static final int READ_BUFFER_SIZE = 65536;
    /** {@code EBUSY}: another descriptor is attached to the interface. */
    static final int EBUSY = 16;

    private final int fd;
    private final String name;
    private final int mtu;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final Memory pollFd = new Memory(8);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final Pointer readPointer = Native.getDirectBufferPointer(readBuffer);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final Pointer writePointer = Native.getDirectBufferPointer(writeBuffer);
    private final AtomicBoolean closed = new AtomicBoolean();

    private LinuxTunDevice(int fd, String name, int mtu) {
        this.fd = fd;
        this.name = name;
        this.mtu = mtu;
    }

    /**
     * Creates (or attaches to) the TUN interface {@code requestedName}, sets its MTU and brings it up.
     *
     * @param requestedName an interface name of 1 to 15 characters; the kernel fills in a {@code %d} pattern
     * @param mtu the interface MTU, at least 576
     * @throws IOException if the device cannot be opened or configured; the message names the step
     */
    public static LinuxTunDevice open(String requestedName, int mtu) throws IOException {
        Objects.requireNonNull(requestedName, "requestedName");
        byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must have 1 to 15 characters: " + requestedName);
        }
        if (mtu < 576 || mtu > READ_BUFFER_SIZE) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: 576.." + READ_BUFFER_SIZE + ")");
        }
        int fd = LinuxLibc.open(CLONE_DEVICE, LinuxLibc.O_RDWR | LinuxLibc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open " + CLONE_DEVICE + ": " + LinuxLibc.describe(Native.getLastError()));
        }
        String name;
        try {
            Memory ifreq = new Memory(IFREQ_SIZE);
            ifreq.clear();
            ifreq.write(0, nameBytes, 0, nameBytes.length);
            ifreq.setShort(IFREQ_FLAGS_OFFSET, (short) (IFF_TUN | IFF_NO_PI));
            if (LinuxLibc.Ioctl.INSTANCE.ioctl(fd, new NativeLong(TUNSETIFF), ifreq) < 0) {
                int errno = Native.getLastError();
                throw new IOException(tunSetIffError(requestedName, errno, LinuxLibc.describe(errno)));
            }
            name = ifreq.getString(0, StandardCharsets.US_ASCII.name());
            IpCommand.run("link", "set", "dev", name, "mtu", Integer.toString(mtu), "up");
        } catch (IOException | RuntimeException e) {
            LinuxLibc.close(fd);
            throw e;
        }
        LOG.info("TUN device opened: name={} mtu={}", name, mtu);
        return new LinuxTunDevice(fd, name, mtu);
    }

    /**
     * Returns the message for a failed {@code TUNSETIFF}. {@code EBUSY} means that another process is attached to
     * the interface, probably a second Kampachi daemon with the same {@code tun.name}, so the message tells the
     * user how to choose another name.
     *
     * @param errnoText the text of the errno value, as {@link LinuxLibc#describe} gives it
     */
    static String tunSetIffError(String requestedName, int errno, String errnoText) {
        String message = "ioctl TUNSETIFF " + requestedName + ": " + errnoText;
        if (errno == EBUSY) {
            message += ". The interface " + requestedName + " is in use, probably by another Kampachi daemon on this"
                    + " host. Stop that daemon, or give this one another interface name with \"tun\": {\"name\": ...}"
                    + " (tun.name) in its config file, for example \"kam1\"";
        }
        return message;
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
    public void assignAddress(Inet4Address address, int prefixLength) throws IOException {
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 1..32)");
        }
        String cidr = address.getHostAddress() + "/" + prefixLength;
        IpCommand.run("addr", "flush", "dev", name);
        IpCommand.run("addr", "add", cidr, "dev", name);
        IpCommand.run("link", "set", "dev", name, "up");
        LOG.info("TUN address assigned: name={} address={}", name, cidr);
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        synchronized (readLock) {
            ensureOpen();
            pollFd.setInt(0, fd);
            pollFd.setShort(4, LinuxLibc.POLLIN);
            pollFd.setShort(6, (short) 0);
            int ready = LinuxLibc.poll(pollFd, new NativeLong(1), timeoutMillis);
            if (ready < 0) {
                int errno = Native.getLastError();
                if (errno == LinuxLibc.EINTR) {
                    return 0;
                }
                throw new IOException("poll " + name + ": " + LinuxLibc.describe(errno));
            }
            if (ready == 0 || closed.get()) {
                ensureOpen();
                return 0;
            }
            long n = LinuxLibc.read(fd, readPointer, new NativeLong(READ_BUFFER_SIZE)).longValue();
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == LinuxLibc.EAGAIN || errno == LinuxLibc.EINTR) {
                    return 0;
                }
                throw new IOException("read " + name + ": " + LinuxLibc.describe(errno));
            }
            int length = (int) n;
            if (length > dst.remaining()) {
                throw new IOException("read " + name + ": packet of " + length + " bytes does not fit a buffer of "
                        + dst.remaining());
            }
            readBuffer.clear().limit(length);
            dst.put(readBuffer);
            return length;
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        int length = src.remaining();
        if (length > READ_BUFFER_SIZE) {
            throw new IOException("write " + name + ": packet of " + length + " bytes is too long");
        }
        synchronized (writeLock) {
            ensureOpen();
            writeBuffer.clear();
            writeBuffer.put(src);
            long n = LinuxLibc.write(fd, writePointer, new NativeLong(length)).longValue();
            if (n < 0) {
                throw new IOException("write " + name + ": " + LinuxLibc.describe(Native.getLastError()));
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (readLock) {
            synchronized (writeLock) {
                LinuxLibc.close(fd);
            }
        }
        LOG.info("TUN device closed: name={}", name);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }
}
