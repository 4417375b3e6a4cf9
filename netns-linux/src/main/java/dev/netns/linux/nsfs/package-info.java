/**
 * Namespace files every layer that moves threads may need: the process's own network namespace
 * ({@code HomeNamespace}), held open for the life of the JVM. Beneath both {@code process} and
 * {@code ns}; imports only {@code ffi}.
 */
package dev.netns.linux.nsfs;
