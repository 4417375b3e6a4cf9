package dev.netns;

/**
 * A thread of this JVM found in a network namespace other than the process's own.
 *
 * @param tid       the kernel thread id ({@code /proc/self/task/TID})
 * @param name      the thread's name as the kernel knows it ({@code comm}, at most 15 bytes)
 * @param namespace the namespace it is in
 */
public record StrayThread(long tid, String name, NamespaceId namespace) {
}
