package io.kampachi.client.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's UDP socket: a Netty datagram channel of Vert.x's transport, registered on the event loop of the
 * daemon context so that it runs on the daemon's thread.
 *
 * <p>It replaces Vert.x's {@code DatagramSocket} for three measured reasons:
 * <ul>
 *   <li>When its options set a receive buffer size, Vert.x reads each datagram into a new buffer of that size.
 *       With 4 MiB that is a zero-filled 4 MiB array per datagram, about 70 % of the receiving event loop's time
 *       in a profile. This socket sets the large kernel buffer but reads into a pooled buffer of one datagram.</li>
 *   <li>Vert.x reads one datagram per wake-up; this socket reads up to {@link #READS_PER_WAKEUP}.</li>
 *   <li>Vert.x sends to a host name and resolves it for every datagram; this socket sends to an address.</li>
 * </ul>
 *
 * <p>{@link #send} and the receiver run on the daemon context's event loop only.
 */
final class UdpSocket {

    /** Receives each datagram on the daemon context; the content is released after the call returns. */
    @FunctionalInterface
    interface Receiver {
        void receive(ByteBuf content, InetSocketAddress sender);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);

    /** Largest datagram read whole; IPv4 cannot carry a larger UDP payload. */
    static final int MAX_DATAGRAM = 65507;
    /** Datagrams read per readiness event before the event loop turns to its other work. */
    static final int READS_PER_WAKEUP = 32;

    private final VertxInternal vertx;
    private final DatagramChannel channel;

    private UdpSocket(VertxInternal vertx, DatagramChannel channel) {
        this.vertx = vertx;
        this.channel = channel;
    }

    /**
     * Opens a socket bound to {@code bindAddress}:{@code port} ({@code port} 0 picks a free port).
     *
     * @param bindAddress an IPv4 address literal
     * @param bufferBytes the kernel send and receive buffer sizes; the kernel caps them at its maximum
     */
    static Future<UdpSocket> bind(Vertx vertx, Context context, String bindAddress, int port, int bufferBytes,
            Receiver receiver) {
        VertxInternal internal = (VertxInternal) vertx;
        ContextInternal daemonContext = (ContextInternal) context;
        InetSocketAddress local;
        try {
            // An address literal, checked by the config, so this does no lookup.
            local = new InetSocketAddress(InetAddress.getByName(bindAddress), port);
        } catch (UnknownHostException e) {
            return Future.failedFuture(e);
        }
        DatagramChannel channel = internal.transport().datagramChannel(InternetProtocolFamily.IPv4);
        channel.config().setReceiveBufferSize(bufferBytes);
        channel.config().setSendBufferSize(bufferBytes);
        channel.config().setRecvByteBufAllocator(
                new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(READS_PER_WAKEUP));
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                daemonContext.dispatch(packet, p -> receiver.receive(p.content(), p.sender()));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                LOG.debug("UDP socket error: error={}", cause.toString());
            }
        });
        Promise<UdpSocket> promise = daemonContext.promise();
        daemonContext.nettyEventLoop().register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                promise.fail(registered.cause());
                return;
            }
            channel.bind(local).addListener(bound -> {
                if (bound.isSuccess()) {
                    promise.complete(new UdpSocket(internal, channel));
                } else {
                    channel.close();
                    promise.fail(bound.cause());
                }
            });
        });
        return promise.future();
    }

    /** Returns the bound port. */
    int localPort() {
        return channel.localAddress().getPort();
    }

    /** Sends one datagram without copying it; failures are only logged, as UDP loses datagrams anyway. */
    void send(Buffer datagram, InetSocketAddress target) {
        ByteBuf content = datagram instanceof BufferInternal
                ? ((BufferInternal) datagram).getByteBuf()
                : Unpooled.wrappedBuffer(datagram.getBytes());
        channel.writeAndFlush(new DatagramPacket(content, target), channel.voidPromise());
    }

    /** Resolves {@code host} without blocking the event loop, then sends one datagram to it. */
    void send(Buffer datagram, int port, String host) {
        vertx.nameResolver().resolve(host).onSuccess(address -> send(datagram, new InetSocketAddress(address, port)))
                .onFailure(e -> LOG.debug("UDP target not resolved: host={} error={}", host, e.getMessage()));
    }

    /** Closes the socket. */
    Future<Void> close() {
        Promise<Void> promise = Promise.promise();
        channel.close().addListener(closed -> promise.complete());
        return promise.future();
    }
}
