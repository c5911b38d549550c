package io.kampachi.client.tun;

import java.io.IOException;

/** Opens the daemon's TUN device; tests pass an in-memory one. */
@FunctionalInterface
public interface TunFactory {

    /** Opens a device named {@code name} (or a kernel pattern such as {@code kam%d}) with the given MTU. */
    TunDevice open(String name, int mtu) throws IOException;

    /** The Linux device. */
    TunFactory LINUX = LinuxTunDevice::open;
}
