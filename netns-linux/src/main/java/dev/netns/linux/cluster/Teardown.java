package dev.netns.linux.cluster;

import dev.netns.NetnsException;
import dev.netns.linux.ns.LinuxNetworkNamespace;

/** Best-effort removal steps whose failures are attached to the failure being handled. */
final class Teardown {
    private Teardown() {
    }

    @FunctionalInterface
    interface Step {
        void run() throws NetnsException;
    }

    /** Deletes a named namespace made by the cluster; a failure is added to {@code failure}. */
    static void deleteQuietly(LinuxNetworkNamespace ns, Throwable failure) {
        quietly(ns::delete, failure);
    }

    /** Runs a step; a failure is added to {@code failure} as suppressed. */
    static void quietly(Step step, Throwable failure) {
        try {
            step.run();
        } catch (NetnsException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs a step; returns {@code first}, or the step's failure if there was none yet (later ones are suppressed). */
    static NetnsException collect(Step step, NetnsException first) {
        try {
            step.run();
            return first;
        } catch (NetnsException e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
            return first;
        } catch (RuntimeException e) {
            NetnsException wrapped = first != null ? first : new NetnsException("cluster close", "", e.toString(), e);
            if (first != null) {
                first.addSuppressed(e);
            }
            return wrapped;
        }
    }
}
