package dev.netns.testkit;

import dev.netns.NamespaceId;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.StrayThread;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Compares two {@link Snapshot}s and names, in sentences a developer can act on, whatever a test
 * made and did not remove. Objects the testkit itself still holds (a class's network, namespaces
 * kept for inspection) are excluded by name and inode.
 *
 * <p>The run directory and the mount table are shared with every process on the machine, so a new
 * name counts only when no process outside this JVM's own tree holds its namespace
 * ({@link OtherProcesses}): a parallel test JVM's namespaces are in use by it. Names of other live
 * testkit runs ({@code tk-<pid>-*}) and names matching {@value NetnsExtension#IGNORE_KEY} are
 * not this test's either.
 *
 * <p>Teardown is not always instantaneous from the outside (a joined thread's OS thread may still be
 * exiting), so a non-empty answer is re-checked for up to {@link #SETTLE_MILLIS} before it counts.
 */
final class LeakDetector {
    static final long SETTLE_MILLIS = 500;
    private static final long POLL_MILLIS = 50;

    /** What the testkit holds at check time: excluded from the comparison. */
    record Exclusions(Set<String> names, Set<Long> inodes, Set<String> nodeLinks, List<NetworkNamespace> owned,
                      Pattern ignoredNames) {
    }

    private LeakDetector() {
    }

    /** The leaks found (empty if none) and the state they were found in. */
    record Result(List<String> leaks, Snapshot after) {
    }

    /** Takes the after-snapshot (again, until it settles or time is up) and returns the leaks, empty if none. */
    static Result check(Snapshot before, Supplier<Exclusions> exclusions) throws NetnsException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        while (true) {
            Exclusions ex = exclusions.get();
            Snapshot after = Snapshot.take(ex.owned());
            List<String> leaks = compare(before, after, ex);
            if (leaks.isEmpty() || System.nanoTime() > deadline) {
                return new Result(leaks, after);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    static List<String> compare(Snapshot before, Snapshot after, Exclusions ex) {
        List<String> leaks = new ArrayList<>();
        Path runDir = NetworkNamespaces.runDirectory();
        Map<String, Long> candidates = new java.util.TreeMap<>();
        for (String name : after.names()) {
            if (!before.names().contains(name) && !ex.names().contains(name) && !otherTestkitRun(name)
                    && !ex.ignoredNames().matcher(name).matches()) {
                candidates.put(name, inode(runDir.resolve(name)));
            }
        }
        Set<Long> others = OtherProcesses.holding(new java.util.HashSet<>(candidates.values()));
        for (Map.Entry<String, Long> c : candidates.entrySet()) {
            String name = c.getKey();
            if (!others.contains(c.getValue())) {
                leaks.add("named namespace \"" + name + "\" (" + runDir.resolve(name) + ") still exists: delete it with "
                        + "NetworkNamespaces.delete(\"" + name + "\") or ns.delete()");
            }
        }
        for (String point : after.nsfsMounts()) {
            boolean named = point.startsWith(runDir + "/") || point.startsWith("/var/run/netns/") || point.startsWith("/run/netns/");
            if (!before.nsfsMounts().contains(point) && !named) {
                leaks.add("nsfs mount at " + point + " is still mounted: umount it");
            }
        }
        for (String link : after.hostLinks()) {
            if (!before.hostLinks().contains(link)) {
                leaks.add("link \"" + link + "\" appeared in the process's own network namespace: the test created an "
                        + "interface outside its namespaces (a veth end or a move left there?)");
            }
        }
        for (Map.Entry<Long, Integer> e : after.nsFds().entrySet()) {
            int extra = e.getValue() - before.nsFds().getOrDefault(e.getKey(), 0);
            if (extra > 0 && !ex.inodes().contains(e.getKey())) {
                leaks.add(extra + " open descriptor" + (extra == 1 ? "" : "s") + " of namespace net:[" + e.getKey()
                        + "]: a NetworkNamespace handle was not closed (use try-with-resources)");
            }
        }
        for (StrayThread t : after.strays().values()) {
            StrayThread old = before.strays().get(t.tid());
            if (old == null || !old.namespace().equals(t.namespace())) {
                leaks.add("thread \"" + t.name() + "\" (tid " + t.tid() + ") is inside namespace " + t.namespace()
                        + ", not the process's own: it was started from inside a namespace (a thread starts in its "
                        + "creator's namespace; so is a virtual-thread carrier or a ForkJoinPool.commonPool() worker the JDK "
                        + "first started inside a task) and still runs; start pools and clients outside ns.run/ns.call, or stop them");
            }
        }
        for (Map.Entry<Long, String> p : after.processes().entrySet()) {
            if (!p.getValue().equals(before.processes().get(p.getKey()))) {
                String[] nsAndCommand = p.getValue().split(" ", 2);
                leaks.add("process " + p.getKey() + " (" + nsAndCommand[1] + ") still runs inside namespace "
                        + nsAndCommand[0] + ": stop it (Process.destroy, then waitFor)");
            }
        }
        for (Map.Entry<NamespaceId, Set<String>> e : after.ownedLinks().entrySet()) {
            Set<String> was = before.ownedLinks().get(e.getKey());
            if (was == null) {
                continue; // made during the test by the testkit (a pod's namespace): not comparable
            }
            for (String link : e.getValue()) {
                if (!was.contains(link) && !ex.nodeLinks().contains(link)) {
                    leaks.add("link \"" + link + "\" appeared in testkit namespace " + e.getKey()
                            + " that outlives the test, and was not removed");
                }
            }
        }
        return leaks;
    }

    /** A name of another, live test JVM using the testkit (parallel forks): that run checks its own. */
    private static boolean otherTestkitRun(String name) {
        return Sweeper.OWNER.owner(name).isPresent() && !Sweeper.OWNER.ours(name) && Sweeper.OWNER.mayBeAlive(name);
    }

    /** The namespace inode of a run-directory entry; -1 when it vanished (then no process can hold it). */
    private static long inode(Path file) {
        try {
            return ((Number) java.nio.file.Files.getAttribute(file, "unix:ino")).longValue();
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The failure message: which test, then one leak per line. */
    static String report(String label, List<String> leaks) {
        StringBuilder sb = new StringBuilder("netns leak check: ").append(label).append(" left behind ")
                .append(leaks.size()).append(leaks.size() == 1 ? " thing" : " things")
                .append(" (turn the check off with @NetnsTest(leakCheck = false)):");
        for (String leak : leaks) {
            sb.append("\n  - ").append(leak);
        }
        return sb.toString();
    }
}
