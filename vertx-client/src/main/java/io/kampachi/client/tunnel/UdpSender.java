package io.kampachi.client.tunnel;

import io.vertx.core.buffer.Buffer;
import java.net.InetSocketAddress;

/** Sends one datagram from the daemon's UDP socket. */
@FunctionalInterface
public interface UdpSender {

    void send(Buffer datagram, InetSocketAddress target);
}
