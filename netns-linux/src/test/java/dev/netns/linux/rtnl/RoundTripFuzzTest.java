package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized (seeded, bounded) round trips of the typed model, and truncated or garbled input: the
 * decoder either returns a model or throws {@link MalformedMessageException}, never anything else,
 * and always terminates.
 */
class RoundTripFuzzTest {
    private static final long SEED = 0x6e65746e73L;
    private static final int ROUNDS = 2000;

    @Test
    void randomLinkMessagesRoundTrip() throws Exception {
        Random rnd = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            LinkMessage m = randomLink(rnd, 0);
            LinkMessage back = LinkMessage.decode(ByteBuffer.wrap(m.toBytes()), "round " + round);
            assertEquals(m, back, "round " + round);
        }
    }

    @Test
    void randomAddressAndRouteMessagesRoundTrip() throws Exception {
        Random rnd = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            InetAddress a = address(rnd);
            AddressMessage am = new AddressMessage(new IfAddrMsg(IpBytes.family(a), rnd.nextInt(33), rnd.nextInt(256),
                    rnd.nextInt(256), rnd.nextInt(1000)), List.of(new AddressAttribute.Local(a), new AddressAttribute.Address(a),
                    new AddressAttribute.Label("l" + rnd.nextInt(99)), new AddressAttribute.Flags(rnd.nextInt()),
                    new AddressAttribute.Unknown(new Attribute(6, bytes(rnd, 16)))));
            assertEquals(am, AddressMessage.decode(ByteBuffer.wrap(am.toBytes()), "addr"));
            RouteMessage rm = new RouteMessage(new RtMsg(IpBytes.family(a), rnd.nextInt(129), 0, 0, 254, 4, 0, 1, rnd.nextInt()),
                    List.of(new RouteAttribute.Destination(a), new RouteAttribute.Gateway(address(rnd)),
                            new RouteAttribute.OutputInterface(rnd.nextInt()), new RouteAttribute.Table(rnd.nextInt()),
                            new RouteAttribute.Priority(rnd.nextInt()),
                            new RouteAttribute.Unknown(new Attribute(12, bytes(rnd, 9)))));
            assertEquals(rm, RouteMessage.decode(ByteBuffer.wrap(rm.toBytes()), "route"));
        }
    }

    @Test
    void truncatedAndGarbledInputIsRejectedOrParsed() throws Exception {
        Random rnd = new Random(SEED + 2);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] good = randomLink(rnd, 0).toBytes();
            byte[] bad;
            if (rnd.nextBoolean()) {
                bad = java.util.Arrays.copyOf(good, rnd.nextInt(good.length));
            } else {
                bad = good.clone();
                for (int flips = 1 + rnd.nextInt(4); flips > 0; flips--) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
            }
            try {
                LinkMessage.decode(ByteBuffer.wrap(bad), "garbled").toLink();
            } catch (MalformedMessageException expected) {
                // the message names what was parsed
                if (!expected.getMessage().contains(":")) {
                    fail("no context in: " + expected.getMessage());
                }
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + ": " + e, e);
            }
        }
    }

    private static LinkMessage randomLink(Random rnd, int depth) throws Exception {
        List<LinkAttribute> attrs = new ArrayList<>();
        attrs.add(new LinkAttribute.Name("if" + rnd.nextInt(100000)));
        if (rnd.nextBoolean()) {
            attrs.add(new LinkAttribute.Mtu(rnd.nextInt(65536)));
        }
        if (rnd.nextBoolean()) {
            attrs.add(new LinkAttribute.HardwareAddress(bytes(rnd, 6)));
        }
        if (rnd.nextBoolean()) {
            attrs.add(new LinkAttribute.Master(rnd.nextInt(1000)));
        }
        if (rnd.nextBoolean()) {
            attrs.add(new LinkAttribute.OperState(rnd.nextInt(7)));
        }
        for (int u = rnd.nextInt(3); u > 0; u--) {
            attrs.add(new LinkAttribute.Unknown(new Attribute(40 + rnd.nextInt(8), bytes(rnd, rnd.nextInt(20)))));
        }
        if (rnd.nextBoolean()) {
            attrs.add(new LinkAttribute.Info(randomInfo(rnd, depth)));
        }
        return new LinkMessage(new IfInfoMsg(0, rnd.nextInt(65536), rnd.nextInt(), rnd.nextInt(), rnd.nextInt()), attrs);
    }

    private static LinkInfo randomInfo(Random rnd, int depth) throws Exception {
        Optional<LinkInfoData> data = switch (rnd.nextInt(6)) {
            case 0 -> depth == 0 && rnd.nextBoolean() ? Optional.of(VethData.ofPeer(randomLink(rnd, depth + 1))) : Optional.empty();
            case 1 -> Optional.of(new BridgeData(List.of(new Attribute(1, bytes(rnd, 4)))));
            case 2 -> Optional.of(new VxlanData(OptionalInt.of(rnd.nextInt(1 << 24)),
                    Optional.of(address(rnd)), Optional.of(address(rnd)), OptionalInt.of(rnd.nextInt(100)),
                    OptionalInt.of(rnd.nextInt(65536)), List.of(new Attribute(5, bytes(rnd, 1)))));
            case 3 -> Optional.of(MacvlanData.ofMode(1 << rnd.nextInt(5)));
            case 4 -> Optional.of(new LinkInfoData.Opaque(new Attribute(2, bytes(rnd, 4 * rnd.nextInt(4)))));
            default -> Optional.empty();
        };
        String kind = data.map(d -> switch (d) {
            case VethData v -> VethData.KIND;
            case BridgeData b -> BridgeData.KIND;
            case VxlanData x -> VxlanData.KIND;
            case MacvlanData m -> MacvlanData.KIND;
            case LinkInfoData.Opaque o -> "other";
        }).orElse("veth");
        // a bridge port (typed hairpin, other IFLA_BRPORT_* raw), a port of an unmodelled master, or none
        Optional<String> portKind = Optional.empty();
        Optional<LinkPortData> portData = Optional.empty();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                portKind = Optional.of(BridgePortData.KIND);
                portData = Optional.of(new BridgePortData(rnd.nextBoolean() ? Optional.of(rnd.nextBoolean()) : Optional.empty(),
                        List.of(new Attribute(1, bytes(rnd, 1)))));
            }
            case 1 -> {
                portKind = Optional.of("bond");
                portData = Optional.of(new LinkPortData.Opaque(new Attribute(5, bytes(rnd, 4))));
            }
            default -> { }
        }
        // IFLA_INFO_XSTATS (3) stays raw
        List<Attribute> others = rnd.nextBoolean() ? List.of(new Attribute(3, bytes(rnd, 8))) : List.of();
        boolean portOnly = portKind.isPresent() && data.isEmpty() && rnd.nextBoolean();
        return new LinkInfo(portOnly ? Optional.empty() : Optional.of(kind), data, portKind, portData, others);
    }

    private static InetAddress address(Random rnd) throws Exception {
        return InetAddress.getByAddress(bytes(rnd, rnd.nextBoolean() ? 4 : 16));
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
