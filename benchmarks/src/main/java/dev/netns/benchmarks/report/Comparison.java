package dev.netns.benchmarks.report;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One line of the headline table: an operation as the SDK does it, as {@code ip} does it, and the
 * reference figures measured on this machine with a C program (raw syscalls and netlink) and with
 * Go's vishvananda/netlink, plus the goal the project set for it.
 *
 * {@snippet :
 * Comparison create = Comparison.CATALOGUE.get(0);   // named namespace create
 * String sdk = create.sdk();                         // "NamespaceBenchmark.namedCreate"
 * }
 *
 * @param operation  what a reader calls it
 * @param sdk        the {@link Result#key()} of the SDK benchmark
 * @param ip         the key of the {@code ip} baseline benchmark, or null
 * @param c          the C reference median in µs, or empty
 * @param go         the Go (vishvananda) reference in µs, or empty
 * @param ipRef      the reference figure for {@code ip} commands in µs, or empty
 * @param goal       the goal, as a factor of the C figure the SDK must stay at or below, or empty
 */
public record Comparison(String operation, String sdk, String ip, OptionalDouble c, OptionalDouble go,
                         OptionalDouble ipRef, OptionalDouble goal) {

    /** The operations the issue sets targets for, in reading order. */
    public static final List<Comparison> CATALOGUE = List.of(
            of("named namespace create", "NamespaceBenchmark.namedCreate", "IpBaselineBenchmark.ipNetnsAdd", 333, 0, 0, 1.10),
            of("named namespace delete", "NamespaceBenchmark.namedDelete", "IpBaselineBenchmark.ipNetnsDel", 50, 0, 0, 0),
            of("anonymous namespace create + release", "NamespaceBenchmark.anonymousCreateRelease", null, 0, 0, 0, 0),
            of("setns round trip (raw, the C floor)", "JoinBenchmark.rawSetnsRoundTrip", null, 2.7, 0, 0, 1.20),
            of("call() from a platform thread (in place)", "JoinBenchmark.platformCall", null, 2.7, 0, 0, 1.20),
            of("call() from a virtual thread (worker)", "JoinBenchmark.virtualCall", null, 0, 0, 0, 0),
            of("open a socket inside a namespace", "JoinBenchmark.openSocketInside", null, 0, 0, 0, 0),
            of("veth create, peer in another namespace", "NetlinkBenchmark.vethCreate", "IpBaselineBenchmark.ipVethCreate", 375, 518, 0, 1.10),
            of("veth create, back to back (no delete between)", "NetlinkBenchmark.vethCreateBackToBack", null, 375, 518, 0, 1.10),
            of("veth delete", "NetlinkBenchmark.vethDelete", "IpBaselineBenchmark.ipVethDelete", 15_600, 0, 0, 1.10),
            of("pod setup (addPod)", "PodBenchmark.addPod", "IpBaselineBenchmark.ipPodSetup", 1_010, 1_280, 10_400, 1.00),
            of("pod teardown (removePod)", "PodBenchmark.removePod", "IpBaselineBenchmark.ipPodTeardown", 27_000, 0, 0, 0),
            of("close a network of 100 pods (batched)", "PodBenchmark.closeNetwork[pods=100]", null, 0, 0, 0, 0),
            of("remove 100 pods one by one", "PodBenchmark.removeOneByOne[pods=100]", null, 0, 0, 0, 0));

    private static Comparison of(String operation, String sdk, String ip, double c, double go, double ipRef, double goal) {
        return new Comparison(operation, sdk, ip, opt(c), opt(go), opt(ipRef), opt(goal));
    }

    private static OptionalDouble opt(double v) {
        return v > 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
    }
}
