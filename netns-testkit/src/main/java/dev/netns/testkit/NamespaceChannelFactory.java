package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Netty {@link ChannelFactory} whose channels live in a given network namespace: it runs the
 * channel's constructor inside {@link NetworkNamespace#call}, and a NIO channel opens its socket in
 * its constructor, so the socket belongs to that namespace for its whole life. Registration, I/O and
 * the event loop stay outside; one {@link io.netty.channel.EventLoopGroup} therefore serves sockets
 * in any number of namespaces.
 *
 * {@snippet :
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
 * Channel server = new ServerBootstrap()
 *         .group(group)
 *         .channelFactory(new NamespaceChannelFactory<>(pod.namespace(), NioServerSocketChannel::new))
 *         .childHandler(handler)
 *         .bind(8080).sync().channel();          // listening inside the pod
 * }
 *
 * <p>Channels a server accepts are created by the kernel from the listening socket and are in its
 * namespace too. Do not call {@code bind}/{@code connect} from inside {@code ns.call}: that may start
 * an event loop thread there, and a thread started inside a namespace stays inside it.
 *
 * @param <C> the channel type
 */
public final class NamespaceChannelFactory<C extends Channel> implements ChannelFactory<C> {
    private final NetworkNamespace namespace;
    private final Supplier<? extends C> constructor;

    /**
     * @param namespace   where the channels' sockets are created (the handle must stay open while channels are made)
     * @param constructor a NIO channel constructor, e.g. {@code NioSocketChannel::new}
     */
    public NamespaceChannelFactory(NetworkNamespace namespace, Supplier<? extends C> constructor) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
    }

    /** The namespace channels are created in. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    @Override
    public C newChannel() {
        try {
            return namespace.call(constructor::get);
        } catch (NetnsException e) {
            throw new ChannelException("cannot create a channel in network namespace " + Labels.of(namespace)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "NamespaceChannelFactory[" + Labels.of(namespace) + "]";
    }
}
