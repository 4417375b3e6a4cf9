package dev.netns.witness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What /proc shows about this process: the namespace of the calling thread, what its file
 * descriptors point at, and its nsfs mounts (how a named namespace is held). Read with the JDK's
 * file API, never through the library under test.
 *
 * {@snippet :
 * String before = Proc.currentThreadNetns();          // "net:[4026531840]"
 * // ... run something that must leave the calling thread where it was
 * assertEquals(before, Proc.currentThreadNetns());
 * assertEquals(0, Proc.nsfsMounts("/run/netns/tk-4711-"));
 * }
 *
 * <p>Reads that fail throw {@link AssertionError}.
 */
public final class Proc {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Proc() {
    }

    /** The target of a symbolic link, e.g. {@code net:[4026532288]} for {@code /proc/PID/ns/net}. */
    public static String readlink(String link) {
        try {
            return Files.readSymbolicLink(Path.of(link)).toString();
        } catch (IOException e) {
            throw new AssertionError("readlink " + link, e);
        }
    }

    /** The calling (platform) thread's network namespace, {@code readlink /proc/thread-self/ns/net}. */
    public static String currentThreadNetns() {
        return readlink("/proc/thread-self/ns/net");
    }

    /** The inode number of a file after following links ({@code stat -L -c %i PATH}); for a namespace, its id. */
    public static long inodeOf(String path) {
        try {
            return ((Number) Files.getAttribute(Path.of(path), "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new AssertionError("stat " + path, e);
        }
    }

    /** What this process's descriptors point at ({@code socket:[N]}, {@code net:[N]}, paths), from /proc/self/fd. */
    public static List<String> fdTargets() {
        List<String> targets = new ArrayList<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while listing (the directory stream's own descriptor among them)
                }
            }
        } catch (IOException e) {
            throw new AssertionError("ls /proc/self/fd", e);
        }
        return targets;
    }

    /** The number of open descriptors of this process (entries of /proc/self/fd). */
    public static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new AssertionError("ls /proc/self/fd", e);
        }
    }

    /** The {@code net:[inode]} targets among this process's descriptors: the namespaces it holds open. */
    public static List<String> namespaceFds() {
        return fdTargets().stream().filter(t -> t.startsWith("net:[")).toList();
    }

    /** The inode numbers of the namespaces this process holds descriptors of ({@code net:[N]} in /proc/self/fd). */
    public static List<Long> namespaceInodes() {
        return namespaceFds().stream().map(t -> Long.parseLong(t.substring("net:[".length(), t.length() - 1))).toList();
    }

    /**
     * The number of nsfs mounts whose mount point starts with {@code pathPrefix}, e.g.
     * {@code /run/netns/tk-4711-}: named namespaces of one owner, whatever other processes mount.
     */
    public static long nsfsMounts(String pathPrefix) {
        return mountinfo().stream().filter(Proc::isNsfs).map(l -> l.split(" ")[4]).filter(mp -> mp.startsWith(pathPrefix)).count();
    }

    /** Whether any nsfs mount holds the namespace of that inode (mountinfo's root field reads {@code net:[inode]}). */
    public static boolean nsfsMountOf(long inode) {
        String root = "net:[" + inode + "]";
        return mountinfo().stream().anyMatch(l -> isNsfs(l) && l.split(" ")[3].equals(root));
    }

    /** Whether something is mounted on exactly that path (field 5 of /proc/self/mountinfo). */
    public static boolean mounted(String path) {
        return mountinfo().stream().anyMatch(l -> l.split(" ")[4].equals(path));
    }

    private static boolean isNsfs(String mountinfoLine) {
        return mountinfoLine.contains(" - nsfs ");
    }

    private static List<String> mountinfo() {
        try {
            return Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new AssertionError("read " + MOUNTINFO, e);
        }
    }
}
