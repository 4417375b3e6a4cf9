/**
 * Processes started inside a network namespace: a {@link java.lang.Process} implementation over
 * {@code posix_spawn} and pidfds ({@code ProcessLauncher} starts, {@code NamespacedProcess} is the
 * child). Below {@code ns}, which calls {@code ProcessLauncher.start} with a namespace descriptor;
 * imports only {@code ffi} and {@code nsfs}.
 */
package dev.netns.linux.process;
