package dev.netns.linux.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * The native memory of netlink sockets (receive and send buffer, {@value #SIZE} bytes each), kept
 * for reuse when a socket closes. Every pod opens a socket inside its namespace and closes it when
 * the pod goes; giving each its own shared arena costs more than the socket itself: the arena's
 * allocation zeroes the memory, and closing a shared arena makes every thread of the JVM stop at a
 * handshake (measured: 45–175 µs per arena in a fresh JVM, a third of the CPU time of
 * {@code addPod} without JIT). Up to {@value #KEPT} buffers are made once (global arena) and passed
 * from closed sockets to new ones; a socket that finds none free has an arena of its own, as before.
 * A buffer is handed on only after its socket's {@code close()}, which its owners never run during a
 * send or receive.
 */
final class SocketBuffers {
    /** Receive buffer then send buffer. */
    static final long SIZE = NetlinkSocket.RECEIVE_BUFFER + NetlinkSocket.SEND_BUFFER;
    /** At most this many are kept (about 5 MiB); more sockets open at once get memory of their own. */
    static final int KEPT = 16;

    private static final ArrayDeque<MemorySegment> FREE = new ArrayDeque<>();
    private static int made;

    private SocketBuffers() {
    }

    /** A free kept buffer, a new kept one, or null when {@value #KEPT} are in use. */
    static MemorySegment take() {
        synchronized (FREE) {
            MemorySegment free = FREE.pollFirst();
            if (free != null || made == KEPT) {
                return free;
            }
            made++;
        }
        return Arena.global().allocate(SIZE, 8);
    }

    /** Returns a buffer from {@link #take()} once its socket is closed. */
    static void give(MemorySegment buffer) {
        synchronized (FREE) {
            FREE.push(buffer);
        }
    }
}
