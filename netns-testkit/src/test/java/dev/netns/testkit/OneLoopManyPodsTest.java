package dev.netns.testkit;

import dev.netns.Pod;
import dev.netns.PodNetwork;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * One event loop thread serves echo servers in 50 pods and the clients reaching them from another
 * pod: {@link NamespaceChannelFactory} puts each socket in its namespace, the loop stays outside.
 */
@NetnsTest
class OneLoopManyPodsTest {
    private static final int PODS = 50;

    @Test
    void oneLoopServesFiftyPods(@PodNet(subnet = "10.244.3.0/24") PodNetwork net, @TestPod("client") Pod client)
            throws Exception {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<EchoServer> servers = new ArrayList<>();
        List<Channel> clients = new ArrayList<>();
        try {
            List<Pod> pods = new ArrayList<>();
            for (int i = 0; i < PODS; i++) {
                Pod pod = net.addPod("s" + i);
                pods.add(pod);
                servers.add(EchoServer.tcp(pod.namespace(), 7, loop));
            }
            for (EchoServer s : servers) {
                assertSame(servers.getFirst().eventLoop(), s.eventLoop(), "one loop serves every server");
            }
            // every pod has its own listener, as the kernel reports it from inside that pod
            for (Pod pod : pods) {
                assertEquals(1, ProcNet.count(ProcNet.tcp(pod.namespace()), 7, ProcNet.LISTEN), pod.name());
            }

            // clients in the client pod, on the same loop, one connection to each server pod at once
            List<CompletableFuture<String>> replies = new ArrayList<>();
            Bootstrap b = new Bootstrap().group(loop)
                    .channelFactory(new NamespaceChannelFactory<>(client.namespace(), NioSocketChannel::new));
            for (Pod pod : pods) {
                CompletableFuture<String> reply = new CompletableFuture<>();
                replies.add(reply);
                ChannelFuture f = b.clone().handler(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        reply.complete(msg.toString(StandardCharsets.UTF_8));
                    }
                }).connect(new InetSocketAddress(pod.address(), 7));
                clients.add(f.channel());
                f.addListener(done -> {
                    if (done.isSuccess()) {
                        f.channel().writeAndFlush(Unpooled.copiedBuffer("hello " + pod.name(), StandardCharsets.UTF_8));
                    } else {
                        reply.completeExceptionally(done.cause());
                    }
                });
            }
            for (int i = 0; i < PODS; i++) {
                assertEquals("hello s" + i, replies.get(i).get(10, TimeUnit.SECONDS), "echo from pod s" + i);
                assertSame(servers.getFirst().eventLoop(), clients.get(i).eventLoop());
            }
            // the kernel's view: each server pod holds one established connection on port 7
            for (Pod pod : pods) {
                assertEquals(1, ProcNet.count(ProcNet.tcp(pod.namespace()), 7, ProcNet.ESTABLISHED), pod.name());
            }
        } finally {
            clients.forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
            servers.forEach(EchoServer::close);
            loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
