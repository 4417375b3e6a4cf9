package dev.netns.testkit;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.StrayThread;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespace-related state of this JVM and machine at one moment, read from the kernel's own
 * files (never written): what the leak detector compares before and after a test.
 *
 * @param names       named namespaces under the run directory ({@code ip netns list})
 * @param nsfsMounts  mount points of nsfs mounts in this JVM's mount namespace ({@code /proc/self/mountinfo})
 * @param hostLinks   interfaces of the process's own namespace ({@code /proc/self/net/dev}, the main thread's view)
 * @param nsFds       open descriptors of this JVM that refer to a network namespace, per namespace inode
 * @param strays      threads in a namespace other than the process's own, as {@code tid -> namespace}
 * @param ownedLinks  interfaces inside each namespace the testkit holds across the test, by namespace
 * @param processes   descendant processes of this JVM inside a namespace other than the process's own,
 *                    as {@code pid -> "net:[inode] command"}
 */
record Snapshot(Set<String> names, Set<String> nsfsMounts, Set<String> hostLinks, Map<Long, Integer> nsFds,
                Map<Long, StrayThread> strays, Map<NamespaceId, Set<String>> ownedLinks, Map<Long, String> processes) {

    static Snapshot take(List<NetworkNamespace> owned) throws NetnsException {
        Map<Long, StrayThread> strays = new HashMap<>();
        for (StrayThread t : NetworkNamespaces.strayThreads()) {
            strays.put(t.tid(), t);
        }
        Map<NamespaceId, Set<String>> ownedLinks = new HashMap<>();
        for (NetworkNamespace ns : owned) {
            if (!ns.isClosed()) {
                // /proc/thread-self/net is the calling thread's namespace: inside call(), the owned one
                ownedLinks.put(ns.id(), ns.call(() -> linkNames(Path.of("/proc/thread-self/net/dev"))));
            }
        }
        return new Snapshot(new TreeSet<>(NetworkNamespaces.list()), readNsfsMounts(),
                linkNames(Path.of("/proc/self/net/dev")), readNsFds(), strays, ownedLinks, foreignDescendants());
    }

    /**
     * This snapshot with everything of {@code other} added: the baseline of an enclosing scope after
     * a test's leaks were reported, so the class check does not report them a second time.
     */
    Snapshot absorb(Snapshot other) {
        Set<String> n = new TreeSet<>(names);
        n.addAll(other.names);
        Set<String> m = new LinkedHashSet<>(nsfsMounts);
        m.addAll(other.nsfsMounts);
        Set<String> h = new TreeSet<>(hostLinks);
        h.addAll(other.hostLinks);
        Map<Long, Integer> f = new HashMap<>(nsFds);
        other.nsFds.forEach((k, v) -> f.merge(k, v, Math::max));
        Map<Long, StrayThread> t = new HashMap<>(strays);
        t.putAll(other.strays);
        Map<NamespaceId, Set<String>> l = new HashMap<>(ownedLinks);
        other.ownedLinks.forEach((k, v) -> l.merge(k, v, (a, b) -> {
            Set<String> u = new TreeSet<>(a);
            u.addAll(b);
            return u;
        }));
        Map<Long, String> p = new HashMap<>(processes);
        p.putAll(other.processes);
        return new Snapshot(n, m, h, f, t, l, p);
    }

    /**
     * Processes this JVM started (directly or not) that run in another network namespace than the
     * JVM's own: a container started with {@code ns.start(...)} and never stopped keeps its
     * namespace alive after the testkit deleted its name.
     */
    static Map<Long, String> foreignDescendants() {
        Map<Long, String> found = new HashMap<>();
        String home;
        try {
            home = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException e) {
            return found;
        }
        ProcessHandle.current().descendants().forEach(p -> {
            try {
                String ns = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "ns", "net")).toString();
                if (!ns.equals(home)) {
                    found.put(p.pid(), ns + " " + p.info().commandLine().or(() -> p.info().command()).orElse("?"));
                }
            } catch (IOException e) {
                // exited while we looked
            }
        });
        return found;
    }

    /** Interface names from a {@code net/dev} table (two header lines, then {@code "  name: counters"}). */
    static Set<String> linkNames(Path netDev) {
        try {
            Set<String> names = new TreeSet<>();
            List<String> lines = Files.readAllLines(netDev);
            for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    names.add(line.substring(0, colon).strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + netDev, e);
        }
    }

    /** nsfs mount points; mountinfo escapes space, tab, newline and backslash as octal. */
    static Set<String> readNsfsMounts() {
        try {
            Set<String> points = new LinkedHashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int sep = line.indexOf(" - ");
                if (sep > 0 && line.startsWith("nsfs ", sep + 3)) {
                    points.add(unescape(line.split(" ")[4]));
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Count of open descriptors per network namespace inode ({@code readlink /proc/self/fd/N} is {@code net:[INODE]}). */
    static Map<Long, Integer> readNsFds() {
        Map<Long, Integer> counts = new HashMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we looked (the directory stream's own fd, for one)
                }
                if (target.startsWith("net:[") && target.endsWith("]")) {
                    counts.merge(Long.parseLong(target.substring(5, target.length() - 1)), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/fd", e);
        }
        return counts;
    }
}
