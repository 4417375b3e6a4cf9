package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The event loop group probes and echo servers use unless given one: two NIO threads for the JVM's
 * life, daemon, so nothing needs shutting down between tests.
 *
 * <p>A thread starts in its creator's namespace, and Netty starts loop threads lazily from whichever
 * thread first submits work. So the group is created and every thread started from inside the
 * process's own namespace ({@code /proc/self/ns/net}), whatever namespace the first user is in;
 * the leak detector would otherwise see the loop as a stray thread.
 */
final class SharedLoop {
    private static final int THREADS = 2;
    private static volatile EventLoopGroup group;

    private SharedLoop() {
    }

    static EventLoopGroup group() throws NetnsException {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (SharedLoop.class) {
                g = group;
                if (g == null) {
                    try (NetworkNamespace home = NetworkNamespaces.open(Path.of("/proc/self/ns/net"))) {
                        g = home.call(SharedLoop::startAll);
                    }
                    group = g;
                }
            }
        }
        return g;
    }

    private static EventLoopGroup startAll() {
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory("netns-probe", true),
                NioIoHandler.newFactory());
        for (EventExecutor e : g) {
            e.submit(() -> { }).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        return g;
    }
}
