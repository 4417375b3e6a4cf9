package dev.netns.linux.watch;

import dev.netns.linux.ffi.Errno;
import dev.netns.linux.ffi.ErrnoException;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The kernel's side of a watch socket, scripted: each dump request gets the datagrams the test's
 * function returns (a datagram is a list of messages; an empty one stands for {@code ENOBUFS}).
 */
final class ScriptedSocket implements WatchSocket {
    private final BiFunction<NetlinkRequest, Integer, List<List<NetlinkMessage>>> kernel;
    private final ArrayDeque<List<NetlinkMessage>> queue = new ArrayDeque<>();
    final List<NetlinkRequest> dumps = new ArrayList<>();
    boolean closed;
    private int seq = 100;

    /** {@code kernel} gets each dump request and its sequence number. */
    ScriptedSocket(BiFunction<NetlinkRequest, Integer, List<List<NetlinkMessage>>> kernel) {
        this.kernel = kernel;
    }

    @Override
    public int portId() {
        return Messages.PORT;
    }

    @Override
    public int sendDump(NetlinkRequest request) {
        dumps.add(request);
        seq++;
        queue.addAll(kernel.apply(request, seq));
        return seq;
    }

    @Override
    public List<NetlinkMessage> receive() throws ErrnoException {
        if (queue.isEmpty()) {
            return List.of();
        }
        List<NetlinkMessage> next = queue.poll();
        if (next == null || next.isEmpty()) {
            throw new ErrnoException("recv", Errno.ENOBUFS);
        }
        return next;
    }

    @Override
    public void close() {
        closed = true;
    }
}
