package dev.netns;

/**
 * Code to run inside a network namespace that returns a value. It may throw any exception, which
 * {@link NetworkNamespace#call(NamespaceCallable)} rethrows unchanged.
 *
 * @param <T> the result type
 * @param <X> the checked exception the task may throw
 */
@FunctionalInterface
public interface NamespaceCallable<T, X extends Exception> {
    /** Computes the result. */
    T call() throws X;
}
