package dev.netns;

/**
 * Code to run inside a network namespace, without a result. It may throw any exception, which
 * {@link NetworkNamespace#run(NamespaceTask)} rethrows unchanged.
 *
 * @param <X> the checked exception the task may throw
 */
@FunctionalInterface
public interface NamespaceTask<X extends Exception> {
    /** Runs the task. */
    void run() throws X;
}
