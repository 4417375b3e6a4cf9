package dev.netns.linux.ns;

import dev.netns.linux.testing.KernelTest;
import dev.netns.NetnsPermissionException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.linux.rtnl.RtnlSession;
import dev.netns.linux.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without privileges every operation fails with {@link NetnsPermissionException} naming the
 * missing capability (not {@code IllegalStateException}), {@code unavailableReason()} agrees, and
 * a real EPERM from the kernel — for a syscall and for a netlink request — is translated the same
 * way. Run in a child JVM as user nobody ({@code setpriv --reuid=65534}), without capabilities.
 */
@KernelTest
class UnprivilegedTest {

    /** The child: prints one line per check, "name|exception class|capability|message". */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("reason|" + NetworkNamespaces.unavailableReason().orElse("available"));
            report("create", () -> NetworkNamespaces.create("nt-unprivileged"));
            report("current", NetworkNamespaces::current);
            // past the SDK's own check, straight to the kernel: unshare(CLONE_NEWNET) and an rtnetlink request
            report("unshare", () -> new NamespaceManager(RunDirectory.system())
                    .createAnonymous());
            // run/call that cannot enter throw NetnsException and do not run the task: a handle made past
            // the SDK's check (opening one's own namespace file needs no privilege), setns then refused
            report("call", () -> {
                try (NetworkNamespace own = new NamespaceManager(RunDirectory.system()).open(Path.of("/proc/self/ns/net"))) {
                    boolean[] ran = {false};
                    try {
                        own.run(() -> ran[0] = true);
                    } finally {
                        System.out.println("call ran task|" + ran[0]);
                    }
                }
                return null;
            });
            // lo is up already: were this process privileged after all, the request would change nothing
            report("netlink", () -> {
                try (RtnlSession s = RtnlSession.openInCurrentNamespace("home", LinuxNetworkNamespace::holdOf)) {
                    s.links().setUp("lo");
                }
                return null;
            });
        }

        private interface Call {
            Object call() throws Exception;
        }

        private static void report(String what, Call call) {
            try {
                call.call();
                System.out.println(what + "|none||succeeded");
            } catch (NetnsPermissionException e) {
                System.out.println(what + "|" + e.getClass().getSimpleName() + "|" + e.capability() + "|" + e.getMessage());
            } catch (Exception e) {
                System.out.println(what + "|" + e.getClass().getSimpleName() + "||" + e.getMessage());
            }
        }
    }

    @Test
    void asUserNobodyEveryFailureIsAPermissionErrorNamingTheCapability() throws Exception {
        Path dir = Files.createTempDirectory("netns-unprivileged",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            String classPath = ChildJvm.worldReadableClassPath(dir);
            ChildJvm.Result r = ChildJvm.run(
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"),
                    classPath, List.of("--enable-native-access=ALL-UNNAMED"), Probe.class);
            assertEquals(0, r.exit(), r.output());
            List<String> lines = r.output().lines().filter(l -> l.contains("|")).toList();
            String reason = line(lines, "reason");
            assertTrue(reason.contains("CAP_SYS_ADMIN and CAP_NET_ADMIN"), reason);
            for (String api : List.of("create", "current")) {
                String l = line(lines, api);
                assertTrue(l.startsWith(api + "|NetnsPermissionException|CAP_SYS_ADMIN and CAP_NET_ADMIN|"), l);
                assertTrue(l.contains("(EPERM)"), l);
            }
            assertTrue(line(lines, "unshare").startsWith("unshare|NetnsPermissionException|CAP_SYS_ADMIN|"),
                    line(lines, "unshare"));
            assertTrue(line(lines, "netlink").startsWith("netlink|NetnsPermissionException|CAP_NET_ADMIN|"),
                    line(lines, "netlink"));
            assertTrue(line(lines, "call").startsWith("call|NetnsPermissionException|CAP_SYS_ADMIN|"), line(lines, "call"));
            assertTrue(line(lines, "call ran task").equals("call ran task|false"), line(lines, "call ran task"));
        } finally {
            ChildJvm.deleteTree(dir);
        }
    }

    private static String line(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + key + " in " + lines));
    }
}
