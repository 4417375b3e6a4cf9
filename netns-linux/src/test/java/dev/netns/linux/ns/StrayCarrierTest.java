package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.StrayThread;
import dev.netns.linux.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Javadoc of {@code run}/{@code call}, {@code current()} and {@code strayThreads()} says
 * about threads the JDK starts on demand: a virtual-thread carrier first needed inside a task is
 * born inside the namespace and stays there, so later virtual threads it carries open their sockets
 * there; {@code current()} from such a virtual thread reports that namespace (where its sockets go),
 * and {@code strayThreads()} names the carrier. A child JVM with one carrier, so the first virtual
 * thread decides where it lives.
 */
@KernelTest
class StrayCarrierTest {

    /** The child: one line per fact, "key|value". */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (NetworkNamespace ns = NetworkNamespaces.create()) {
                ns.links().setUp("lo");
                // a platform thread inside a task starts the JVM's first virtual thread: its carrier is born here
                ns.run(() -> Thread.ofVirtual().start(() -> { }).join());
                AtomicReference<String> current = new AtomicReference<>();
                AtomicReference<ServerSocket> server = new AtomicReference<>();
                Thread later = Thread.ofVirtual().start(() -> { // started from outside, long after the task
                    try (NetworkNamespace here = NetworkNamespaces.current()) {
                        current.set(here.id().equals(ns.id()) ? "task namespace" : "elsewhere " + here.id());
                        server.set(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
                    } catch (Exception e) {
                        current.set("failed " + e);
                    }
                });
                later.join();
                System.out.println("current|" + current.get());
                int port = server.get().getLocalPort();
                // where the socket really is: reachable from inside the namespace only
                System.out.println("socket inside|" + ns.call(() -> connects(port)));
                System.out.println("socket at home|" + connects(port));
                server.get().close();
                List<StrayThread> strays = NetworkNamespaces.strayThreads();
                System.out.println("strays|" + strays.stream().filter(t -> t.namespace().equals(ns.id()))
                        .map(StrayThread::name).toList());
            }
        }

        private static boolean connects(int port) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (Exception refused) {
                return false;
            }
        }
    }

    @Test
    void aCarrierBornInsideATaskCarriesLaterVirtualThreadsThereAndCurrentAndStrayThreadsSaySo() {
        ChildJvm.Result r = ChildJvm.run(List.of("--enable-native-access=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"), Probe.class);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("current|task namespace"), r.output());
        assertTrue(r.output().contains("socket inside|true"), r.output());
        assertTrue(r.output().contains("socket at home|false"), r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.startsWith("strays|[") && l.contains("ForkJoinPool")), r.output());
    }
}
