package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.witness.Owner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Removes what crashed test JVMs left behind: named namespaces {@code tk-<pid>-*} whose owning
 * process no longer exists. A live owner's namespaces are never touched, whoever runs the sweep,
 * also when the owner runs in another PID namespace (see {@link Owner}, whose rules these names follow).
 * Runs once per JVM, before the first {@link NetnsTest} class.
 *
 * <p>Only names are swept: anonymous namespaces die with their JVM, and links die with their namespace.
 */
final class Sweeper {
    /**
     * The owner of everything the testkit names: {@code tk-<pid>-<n>} for namespaces, sandbox nodes and
     * clusters, {@code tk-<pid>-<n>-<pod>} for pods.
     */
    static final Owner OWNER = Owner.of("tk");
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private Sweeper() {
    }

    /** Sweeps, the first time it is called in this JVM. */
    static void once() throws NetnsException {
        log(OWNER.sweepOnce());
    }

    /** Sweeps now; returns the names removed. */
    static List<String> sweep() throws NetnsException {
        return log(OWNER.sweep());
    }

    private static List<String> log(List<String> removed) {
        if (!removed.isEmpty()) {
            LOG.info("removed network namespaces left by test JVMs that no longer run: {}", removed);
        }
        return removed;
    }
}
