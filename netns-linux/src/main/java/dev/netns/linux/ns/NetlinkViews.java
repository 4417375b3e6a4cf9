package dev.netns.linux.ns;

import dev.netns.Addresses;
import dev.netns.Links;
import dev.netns.NetnsException;
import dev.netns.Routes;

/**
 * The rtnetlink views of one namespace, backed by one socket opened inside it. Implemented by the
 * {@code rtnl} layer; a namespace handle opens it lazily, from inside itself, through a
 * {@link Factory} the provider supplies, and closes it with the handle.
 */
public interface NetlinkViews extends AutoCloseable {
    Links links();

    Addresses addresses();

    Routes routes();

    /** Whether the socket is closed (by {@link #close()}, or because it could not be drained after a failed exchange). */
    boolean isClosed();

    @Override
    void close();

    /** Opens the views in the calling thread's current namespace (the socket stays bound to it). */
    @FunctionalInterface
    interface Factory {
        NetlinkViews openInCurrentNamespace(String label) throws NetnsException;
    }
}
