package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The client side of the probes: channels created in the source namespace, on the shared loop, every wait bounded. */
final class ProbeClient {
    private ProbeClient() {
    }

    /** Why a probe could not get through: the sentence for the failure message, and the cause. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A connected TCP channel from {@code from} with {@code handler}, or why not within {@code timeout}. */
    static Channel connect(NetworkNamespace from, InetSocketAddress to, Duration timeout, ChannelHandler handler)
            throws NetnsException, Failure {
        Bootstrap b = new Bootstrap()
                .group(SharedLoop.group())
                .channelFactory(new NamespaceChannelFactory<>(from, NioSocketChannel::new))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler);
        ChannelFuture f = b.connect(to);
        // Netty enforces the connect timeout itself; the extra second only guards against a stuck loop
        if (!f.awaitUninterruptibly(timeout.toMillis() + 1_000)) {
            f.channel().close();
            throw new Failure("connect did not complete within " + timeout.toMillis() + " ms", null);
        }
        if (!f.isSuccess()) {
            throw new Failure(describe(f.cause()), f.cause());
        }
        return f.channel();
    }

    /** Sends one datagram with a random payload from {@code from} and waits for the same bytes back. */
    static void udpEcho(NetworkNamespace from, InetSocketAddress to, Duration timeout) throws NetnsException, Failure {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(SharedLoop.group())
                .channelFactory(new NamespaceChannelFactory<>(from, NioDatagramChannel::new))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        reply.complete(ByteBufUtil.getBytes(packet.content()));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        reply.completeExceptionally(cause); // ICMP errors arrive here on a connected socket
                    }
                });
        // connected, so the kernel reports ICMP port/host unreachable to this socket
        ChannelFuture f = b.connect(to);
        if (!f.awaitUninterruptibly(timeout.toMillis() + 1_000) || !f.isSuccess()) {
            f.channel().close();
            throw new Failure(f.cause() == null ? "no UDP socket within " + timeout.toMillis() + " ms" : describe(f.cause()), f.cause());
        }
        Channel ch = f.channel();
        try {
            byte[] nonce = new byte[16];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
            ch.writeAndFlush(Unpooled.wrappedBuffer(nonce));
            byte[] got = await(reply, timeout, "no UDP echo within " + timeout.toMillis() + " ms");
            if (!java.util.Arrays.equals(nonce, got)) {
                throw new Failure("the reply was not an echo of the datagram sent (" + got.length + " bytes)", null);
            }
        } finally {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    static <T> T await(CompletableFuture<T> f, Duration timeout, String onTimeout) throws Failure {
        try {
            return f.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Failure(onTimeout, null);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Failure(describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", e);
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String endpoint(InetSocketAddress a) {
        String host = dev.netns.IpPrefix.format(a.getAddress()); // RFC 5952 for IPv6, as ip prints it
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * Counts echoed bytes and completes a future once the expected number arrived; fails it when the
     * connection breaks first. Also resumes a writer when the channel becomes writable again.
     */
    static final class Collector extends ChannelInboundHandlerAdapter {
        private long received;
        private long expected;
        private CompletableFuture<Void> done;
        private volatile Runnable onWritable;

        synchronized CompletableFuture<Void> expect(long bytes) {
            received = 0;
            expected = bytes;
            done = new CompletableFuture<>();
            return done;
        }

        void onWritable(Runnable r) {
            onWritable = r;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            int n = buf.readableBytes();
            buf.release();
            synchronized (this) {
                received += n;
                if (done != null && received >= expected) {
                    done.complete(null);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Runnable r = onWritable;
            if (r != null && ctx.channel().isWritable()) {
                r.run();
            }
        }

        @Override
        public synchronized void channelInactive(ChannelHandlerContext ctx) {
            if (done != null) {
                done.completeExceptionally(new IOException("connection closed after " + received + " of " + expected
                        + " echoed bytes"));
            }
        }

        @Override
        public synchronized void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (done != null) {
                done.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
