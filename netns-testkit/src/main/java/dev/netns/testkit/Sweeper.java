package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespaces;
import dev.netns.NoSuchNamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes what crashed test JVMs left behind: named namespaces {@code tk-<pid>-*} whose owning
 * process no longer exists. A live owner's namespaces are never touched, whoever runs the sweep,
 * also when the owner runs in another PID namespace (see {@link TestkitNames}).
 * Runs once per JVM, before the first {@link NetnsTest} class.
 *
 * <p>Only names are swept: anonymous namespaces die with their JVM, and links die with their
 * namespace. A pid the kernel has reused for another process keeps its leftovers until that
 * process exits too, which errs on the side of never deleting a live run's objects.
 */
final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private Sweeper() {
    }

    /** Sweeps, the first time it is called in this JVM. */
    static void once() throws NetnsException {
        if (DONE.compareAndSet(false, true)) {
            sweep();
        }
    }

    /** Sweeps now; returns the names removed. */
    static List<String> sweep() throws NetnsException {
        List<String> removed = new ArrayList<>();
        for (String name : NetworkNamespaces.list()) {
            if (TestkitNames.owner(name).isEmpty() || TestkitNames.mayBeAlive(name)) {
                continue; // not the testkit's, alive, or of another PID namespace (its pid means nothing here)
            }
            try {
                NetworkNamespaces.delete(name);
                removed.add(name);
            } catch (NoSuchNamespaceException e) {
                // another JVM's sweeper was faster
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed network namespaces left by test JVMs that no longer run: {}", removed);
        }
        return removed;
    }
}
