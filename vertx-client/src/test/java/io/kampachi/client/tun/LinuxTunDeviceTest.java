package io.kampachi.client.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opens a real TUN interface inside a network namespace that the test creates and deletes, replies to ICMP echo
 * requests from Java and checks that {@code ping} gets its replies. Skips without root, {@code /dev/net/tun},
 * {@code ip} or {@code ping}.
 *
 * <p>Linux network namespaces belong to threads, so one executor thread joins the namespace with
 * {@code setns(2)} and opens the device there; the {@code ip} commands it starts inherit the namespace.
 */
class LinuxTunDeviceTest {

    private static final int CLONE_NEWNET = 0x40000000;

    private String namespace;
    private ExecutorService nsThread;

    interface SetNs extends Library {
        int setns(int fd, int nstype);
    }

    @BeforeEach
    void createNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "TUN test skipped: needs root");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "TUN test skipped: /dev/net/tun is missing");
        assumeTrue(IpCommand.available(), "TUN test skipped: the iproute2 'ip' tool is missing");
        assumeTrue(commandExists("ping"), "TUN test skipped: 'ping' is missing (apt-get install iputils-ping)");
        namespace = "kam-tun-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        IpCommand.run("netns", "add", namespace);
        IpCommand.run("-n", namespace, "link", "set", "lo", "up");
        nsThread = Executors.newSingleThreadExecutor();
        nsThread.submit(() -> {
            int fd = LinuxLibc.open("/var/run/netns/" + namespace, LinuxLibc.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open namespace: " + LinuxLibc.describe(Native.getLastError()));
            }
            SetNs lib = Native.load(Platform.C_LIBRARY_NAME, SetNs.class);
            int rc = lib.setns(fd, CLONE_NEWNET);
            LinuxLibc.close(fd);
            if (rc != 0) {
                throw new IOException("setns: " + LinuxLibc.describe(Native.getLastError()));
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (nsThread != null) {
            nsThread.shutdownNow();
            nsThread.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (namespace != null) {
            IpCommand.run("netns", "del", namespace);
        }
    }

    @Test
    void pingIsAnsweredThroughTheDevice() throws Exception {
        LinuxTunDevice device = nsThread.submit(() -> {
            LinuxTunDevice tun = LinuxTunDevice.open("kamt%d", TunMtu.DEFAULT);
            tun.assignAddress((Inet4Address) InetAddress.getByName("100.64.7.1"), 24);
            return tun;
        }).get(20, TimeUnit.SECONDS);
        AtomicInteger echoed = new AtomicInteger();
        try (TunReader reader = TunReader.start(device, packet -> {
            if (reflectEcho(packet)) {
                try {
                    device.write(ByteBuffer.wrap(packet));
                    echoed.incrementAndGet();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        })) {
            assertTrue(device.name().startsWith("kamt"), device.name());
            assertEquals(TunMtu.DEFAULT, device.mtu());
            String mtuLine = IpCommand.run("-n", namespace, "link", "show", "dev", device.name());
            assertTrue(mtuLine.contains("mtu " + TunMtu.DEFAULT), mtuLine);

            Process ping = new ProcessBuilder("ip", "netns", "exec", namespace,
                    "ping", "-c", "3", "-i", "0.2", "-W", "2", "100.64.7.2").redirectErrorStream(true).start();
            assertTrue(ping.waitFor(20, TimeUnit.SECONDS), "ping did not finish");
            String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, ping.exitValue(), output);
            assertTrue(output.contains("3 received"), output);
            assertTrue(echoed.get() >= 3, "echoed " + echoed.get());
        } finally {
            device.close();
        }
        assertThrows(ClosedChannelException.class, () -> device.read(ByteBuffer.allocate(2048), 10));
    }

    @Test
    void closeStopsTheReaderWithinOnePollTimeout() throws Exception {
        LinuxTunDevice device = nsThread.submit(() -> LinuxTunDevice.open("kamt%d", 1400)).get(20, TimeUnit.SECONDS);
        TunReader reader = TunReader.start(device, packet -> { });
        long start = System.nanoTime();
        device.close();
        reader.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(reader.isAlive());
        assertTrue(millis < 3L * TunReader.POLL_TIMEOUT_MILLIS, "close took " + millis + " ms");
    }

    @Test
    void secondOpenReportsInterfaceInUse() throws Exception {
        LinuxTunDevice first = nsThread.submit(() -> LinuxTunDevice.open("kambusy0", 1400)).get(20, TimeUnit.SECONDS);
        try {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> nsThread.submit(() -> LinuxTunDevice.open("kambusy0", 1400)).get(20, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
            String message = failure.getCause().getMessage();
            assertTrue(message.contains("errno 16"), message);
            assertTrue(message.contains("kambusy0 is in use, probably by another Kampachi daemon"), message);
            assertTrue(message.contains("tun.name"), message);
        } finally {
            first.close();
        }
    }

    /** Turns an ICMP echo request into its reply in place; returns false for any other packet. */
    static boolean reflectEcho(byte[] packet) {
        if (!Ipv4Packets.isIpv4(packet, packet.length) || Ipv4Packets.protocol(packet) != 1) {
            return false;
        }
        int ihl = Ipv4Packets.headerLength(packet);
        if (packet.length < ihl + 8 || packet[ihl] != 8) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            byte b = packet[12 + i];
            packet[12 + i] = packet[16 + i];
            packet[16 + i] = b;
        }
        packet[ihl] = 0;
        packet[ihl + 2] = 0;
        packet[ihl + 3] = 0;
        int sum = Ipv4Packets.checksum(packet, ihl, packet.length - ihl);
        packet[ihl + 2] = (byte) (sum >> 8);
        packet[ihl + 3] = (byte) sum;
        return true;
    }

    private static boolean commandExists(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", name)) || Files.isExecutable(Path.of("/usr/sbin", name));
    }
}
