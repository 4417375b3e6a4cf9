/**
 * Address reservations of pod networks, between {@code ffi} and {@code pod}: host-local's on-disk
 * layout and allocation order, so the reference CNI {@code host-local} plugin and this library share
 * one state directory, and an in-memory store with the same behaviour for networks without one.
 *
 * <p>Layout of network {@code NAME} in state directory {@code DIR} (facts of host-local's disk
 * backend): the directory {@code DIR/NAME} (mode 0755); one file per reserved address, named by the
 * address as Go prints it ({@code 10.244.1.2}, {@code fd00::2}), mode 0600, created exclusively,
 * holding the container id, {@code "\r\n"} and the interface name with no final newline;
 * {@code last_reserved_ip.I} (mode 0600) holding the last address reserved from range set
 * {@code I}; and {@code lock} (created with mode 0750), on which every change holds
 * {@code flock(LOCK_EX)}.
 */
package dev.netns.linux.ipam;
