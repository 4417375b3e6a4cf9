package dev.netns.testkit;

import dev.netns.Address;
import dev.netns.IpPrefix;
import dev.netns.Link;
import dev.netns.NetnsException;
import dev.netns.NetworkEvent;
import dev.netns.NetworkEvent.Action;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkWatch;
import dev.netns.Route;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits for network state instead of sleeping or polling: each call opens a
 * {@linkplain NetworkNamespace#watch watch} of the namespace, returns as soon as the snapshot or a
 * change shows the condition (at once if it already holds), and closes the watch. A condition
 * that does not hold within the timeout fails with an {@link AssertionError} naming the namespace,
 * what was awaited and the last state seen of the object.
 *
 * {@snippet :
 * Process server = pod.start(new ProcessBuilder("ip", "link", "set", "eth1", "up"));
 * Link eth1 = NetworkAwait.linkUp(pod.namespace(), "eth1", Duration.ofSeconds(5));  // up and carrier
 * NetworkAwait.address(pod.namespace(), IpPrefix.parse("fd00::2/64"), Duration.ofSeconds(5)); // DAD done
 * }
 */
public final class NetworkAwait {
    /** The wait when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private NetworkAwait() {
    }

    /** Waits until link {@code name} is administratively up and has carrier ({@code UP,LOWER_UP}). */
    public static Link linkUp(NetworkNamespace ns, String name, Duration timeout) throws NetnsException {
        return link(ns, name, l -> l.isUp() && l.hasCarrier(), "up with carrier", timeout);
    }

    /** {@link #linkUp(NetworkNamespace, String, Duration)} within {@link #DEFAULT_TIMEOUT}. */
    public static Link linkUp(NetworkNamespace ns, String name) throws NetnsException {
        return linkUp(ns, name, DEFAULT_TIMEOUT);
    }

    /** Waits until link {@code name} exists and satisfies {@code condition} ({@code what} names it in failures). */
    public static Link link(NetworkNamespace ns, String name, Predicate<Link> condition, String what, Duration timeout)
            throws NetnsException {
        Predicate<Link> wanted = l -> l.name().equals(name) && condition.test(l);
        return await(ns, EnumSet.of(NetworkEvent.Kind.LINK), "link " + name + " " + what, timeout,
                e -> e instanceof NetworkEvent.LinkEvent(var a, var l) && a != Action.REMOVED && l.name().equals(name)
                        ? Optional.of(l) : Optional.empty(),
                wanted,
                () -> ns.links().find(name).filter(condition));
    }

    /** Waits until no link is named {@code name}. */
    public static void linkGone(NetworkNamespace ns, String name, Duration timeout) throws NetnsException {
        await(ns, EnumSet.of(NetworkEvent.Kind.LINK), "link " + name + " gone", timeout,
                e -> e instanceof NetworkEvent.LinkEvent(var a, var l) && l.name().equals(name)
                        ? Optional.of(new Gone<>(a == Action.REMOVED, l)) : Optional.empty(),
                Gone::gone,
                () -> ns.links().find(name).isEmpty() ? Optional.of(new Gone<Link>(true, null)) : Optional.empty());
    }

    /** Waits until {@code prefix} (address and length) is assigned to a link and usable (not tentative). */
    public static Address address(NetworkNamespace ns, IpPrefix prefix, Duration timeout) throws NetnsException {
        Predicate<Address> usable = a -> a.prefix().equals(prefix) && (a.flags() & Address.IFA_F_TENTATIVE) == 0;
        return await(ns, EnumSet.of(NetworkEvent.Kind.ADDRESS), "address " + prefix + " assigned and usable", timeout,
                e -> e instanceof NetworkEvent.AddressEvent(var a, var addr) && a != Action.REMOVED
                        && addr.prefix().equals(prefix) ? Optional.of(addr) : Optional.empty(),
                usable,
                () -> ns.addresses().list().stream().filter(usable).findFirst());
    }

    /** Waits until the main table has a route to {@code destination}. */
    public static Route route(NetworkNamespace ns, IpPrefix destination, Duration timeout) throws NetnsException {
        IpPrefix dst = destination.network();
        return await(ns, EnumSet.of(NetworkEvent.Kind.ROUTE), "route to " + dst, timeout,
                e -> e instanceof NetworkEvent.RouteEvent(var a, var r) && a != Action.REMOVED
                        && r.destination().equals(dst) ? Optional.of(r) : Optional.empty(),
                r -> true,
                () -> ns.routes().list().stream().filter(r -> r.destination().equals(dst)).findFirst());
    }

    /** A link that went away, or is still there. */
    private record Gone<T>(boolean gone, T last) {
    }

    /** What probes read directly (after the watch is open, so nothing between the two is missed). */
    @FunctionalInterface
    private interface Direct<T> {
        Optional<T> read() throws NetnsException;
    }

    /**
     * Watches {@code kinds}; {@code about} picks the events about the object, {@code done} says when
     * one of them satisfies the wait; {@code direct} reads the state itself once the watch is open
     * and after an overrun (it also answers conditions, such as absence, that no event shows).
     */
    private static <T> T await(NetworkNamespace ns, Set<NetworkEvent.Kind> kinds, String what, Duration timeout,
                               Function<NetworkEvent, Optional<T>> about, Predicate<T> done, Direct<T> direct)
            throws NetnsException {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<T> result = new CompletableFuture<>();
        Object[] last = {null};
        try (NetworkWatch watch = ns.watch(kinds)) {
            watch.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(NetworkEvent e) {
                    if (e instanceof NetworkEvent.Overrun) {
                        check(direct, result);
                        return;
                    }
                    about.apply(e).ifPresent(t -> {
                        last[0] = t;
                        if (done.test(t)) {
                            result.complete(t);
                        }
                    });
                }

                @Override
                public void onError(Throwable t) {
                    result.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    result.completeExceptionally(new IllegalStateException("the watch of " + Labels.of(ns) + " ended"));
                }
            });
            check(direct, result);
            try {
                return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("namespace " + Labels.of(ns) + ": " + what + " not seen within " + timeout
                        + "; last seen: " + (last[0] == null ? "nothing" : last[0]));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NetnsException n) {
                    throw n;
                }
                throw new AssertionError("namespace " + Labels.of(ns) + ": waiting for " + what + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what + " in " + Labels.of(ns), e);
            }
        }
    }

    private static <T> void check(Direct<T> direct, CompletableFuture<T> result) {
        try {
            direct.read().ifPresent(result::complete);
        } catch (NetnsException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
