package dev.netns.testkit;

import dev.netns.NetworkNamespace;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server (TCP or UDP) listening inside a network namespace or pod, on Netty's NIO transport:
 * every byte a TCP client sends, and every datagram, comes back unchanged. It listens on the
 * wildcard address, so it answers on every interface of its namespace, IPv4 and IPv6.
 *
 * {@snippet :
 * try (EchoServer echo = EchoServer.tcp(server.namespace(), 7)) {
 *     Probes.assertReachable(client.namespace(), server.address(), echo.port());
 * }
 * }
 *
 * <p>By default it runs on the testkit's shared event loop group; pass a group to serve many servers
 * (in many namespaces) from one loop. {@link #close()} closes the listening socket and every
 * connection and waits (up to 5 s) for them to be closed.
 */
public final class EchoServer implements AutoCloseable {
    /** The transport protocol of a server. */
    public enum Protocol { TCP, UDP }

    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Protocol protocol;
    private final NetworkNamespace namespace;
    private final Channel channel;
    private final Set<Channel> connections;
    private final AtomicLong echoed;

    private EchoServer(Protocol protocol, NetworkNamespace namespace, Channel channel, Set<Channel> connections, AtomicLong echoed) {
        this.protocol = protocol;
        this.namespace = namespace;
        this.channel = channel;
        this.connections = connections;
        this.echoed = echoed;
    }

    /** A TCP echo server on {@code port} (0 for any free port) in {@code ns}, on the shared event loop group. */
    public static EchoServer tcp(NetworkNamespace ns, int port) throws IOException {
        return tcp(ns, port, SharedLoop.group());
    }

    /** A TCP echo server on {@code port} (0 for any free port) in {@code ns}, served by {@code group}. */
    public static EchoServer tcp(NetworkNamespace ns, int port, EventLoopGroup group) throws IOException {
        checkPort(port);
        Set<Channel> connections = ConcurrentHashMap.newKeySet();
        AtomicLong echoed = new AtomicLong();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(new NamespaceChannelFactory<>(ns, NioServerSocketChannel::new))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> connections.remove(ch));
                        ch.pipeline().addLast(new TcpEcho(echoed));
                    }
                });
        return new EchoServer(Protocol.TCP, ns, bind(b.bind(new InetSocketAddress(port)), Protocol.TCP, ns, port),
                connections, echoed);
    }

    /** A UDP echo server on {@code port} (0 for any free port) in {@code ns}, on the shared event loop group. */
    public static EchoServer udp(NetworkNamespace ns, int port) throws IOException {
        return udp(ns, port, SharedLoop.group());
    }

    /** A UDP echo server on {@code port} (0 for any free port) in {@code ns}, served by {@code group}. */
    public static EchoServer udp(NetworkNamespace ns, int port, EventLoopGroup group) throws IOException {
        checkPort(port);
        AtomicLong echoed = new AtomicLong();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(new NamespaceChannelFactory<>(ns, NioDatagramChannel::new))
                .handler(new UdpEcho(echoed));
        return new EchoServer(Protocol.UDP, ns, bind(b.bind(new InetSocketAddress(port)), Protocol.UDP, ns, port),
                ConcurrentHashMap.newKeySet(), echoed);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, not " + port);
        }
    }

    private static Channel bind(ChannelFuture f, Protocol protocol, NetworkNamespace ns, int port) throws IOException {
        if (!f.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            f.channel().close();
            throw new IOException("echo server: binding " + protocol + " port " + port + " in namespace "
                    + Labels.of(ns) + " did not finish in " + CLOSE_WAIT_SECONDS + " s");
        }
        if (!f.isSuccess()) {
            throw new IOException("echo server: cannot bind " + protocol + " port " + port + " in namespace "
                    + Labels.of(ns) + ": " + f.cause().getMessage(), f.cause());
        }
        return f.channel();
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The namespace the server listens in. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The port it listens on (the one the kernel chose, if 0 was asked for). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The event loop serving the listening socket. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Bytes echoed back so far (TCP payload, or UDP datagram payload). */
    public long bytesEchoed() {
        return echoed.get();
    }

    /** Closes the listening socket and every accepted connection; waits up to 5 s. Idempotent. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        for (Channel c : connections) {
            c.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return protocol + " echo server on port " + (channel.localAddress() == null ? "?" : port()) + " in namespace "
                + Labels.of(namespace);
    }

    private static final class TcpEcho extends ChannelInboundHandlerAdapter {
        private final AtomicLong echoed;

        TcpEcho(AtomicLong echoed) {
            this.echoed = echoed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            echoed.addAndGet(((ByteBuf) msg).readableBytes());
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // stop reading while the peer does not read its echo, so a fast sender cannot fill our memory
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the client is normal for an echo server
        }
    }

    @ChannelHandler.Sharable
    private static final class UdpEcho extends SimpleChannelInboundHandler<DatagramPacket> {
        private final AtomicLong echoed;

        UdpEcho(AtomicLong echoed) {
            this.echoed = echoed;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            echoed.addAndGet(packet.content().readableBytes());
            ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // an ICMP error for one datagram must not stop the server
        }
    }
}
