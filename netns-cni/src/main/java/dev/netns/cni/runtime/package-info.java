/**
 * Running CNI plugin chains from Java as libcni does: {@link dev.netns.cni.runtime.CniRuntime} (ADD,
 * CHECK, DEL, GC, STATUS, VERSION with prevResult passing, capability arguments and libcni's result
 * cache), {@link dev.netns.cni.runtime.Attachment} and the typed failures. No method returns
 * {@code null}; arguments must not be {@code null}.
 */
package dev.netns.cni.runtime;
