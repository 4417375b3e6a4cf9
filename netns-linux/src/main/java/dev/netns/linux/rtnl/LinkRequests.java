package dev.netns.linux.rtnl;

import dev.netns.Bridge;
import dev.netns.LinkSpec;
import dev.netns.MacAddress;
import dev.netns.Macvlan;
import dev.netns.VethPair;
import dev.netns.Vxlan;
import dev.netns.linux.netlink.NetlinkRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.netns.linux.netlink.Netlink.NLM_F_CREATE;
import static dev.netns.linux.netlink.Netlink.NLM_F_DUMP;
import static dev.netns.linux.netlink.Netlink.NLM_F_ECHO;
import static dev.netns.linux.netlink.Netlink.NLM_F_EXCL;

/**
 * The link requests, as pure functions from validated arguments to bytes (no I/O, so they are
 * tested against golden bytes). Links are addressed by name ({@code ifi_index} 0 plus
 * {@code IFLA_IFNAME}) wherever the kernel allows it, which saves a lookup per request.
 */
public final class LinkRequests {
    static final int IFF_UP = 0x1;
    static final int IFF_PROMISC = 0x100;

    private LinkRequests() {
    }

    /** {@code ip link show dev NAME}. */
    public static NetlinkRequest get(String name) {
        return request(Rtnl.RTM_GETLINK, 0, IfInfoMsg.empty(), name,
                new LinkAttribute.Name(name), new LinkAttribute.ExtMask(Rtnl.RTEXT_FILTER_SKIP_STATS));
    }

    /** {@code ip link show} of one index. */
    public static NetlinkRequest get(int index) {
        return request(Rtnl.RTM_GETLINK, 0, IfInfoMsg.empty().withIndex(index), "index " + index,
                new LinkAttribute.ExtMask(Rtnl.RTEXT_FILTER_SKIP_STATS));
    }

    /** {@code ip link show}. */
    public static NetlinkRequest dump() {
        return request(Rtnl.RTM_GETLINK, NLM_F_DUMP, IfInfoMsg.empty(), "",
                new LinkAttribute.ExtMask(Rtnl.RTEXT_FILTER_SKIP_STATS));
    }

    /** {@code ip link add NAME type KIND}. */
    public static NetlinkRequest add(String name, String kind) {
        return create(new LinkMessage(IfInfoMsg.empty(),
                List.of(new LinkAttribute.Name(name), new LinkAttribute.Info(LinkInfo.of(kind)))), name);
    }

    /** An {@code RTM_NEWLINK} that creates exactly this link or fails ({@code NLM_F_CREATE | NLM_F_EXCL}). */
    public static NetlinkRequest create(LinkMessage message, String object) {
        return create(message, object, false);
    }

    /**
     * As {@link #create(LinkMessage, String)}; with {@code echo} the request carries {@code NLM_F_ECHO},
     * and the kernel (6.3 and later) sends the new link back before the ack.
     */
    public static NetlinkRequest create(LinkMessage message, String object, boolean echo) {
        int flags = NLM_F_CREATE | NLM_F_EXCL | (echo ? NLM_F_ECHO : 0);
        return new NetlinkRequest(Rtnl.RTM_NEWLINK, flags, message.toBytes(), "RTM_NEWLINK", object);
    }

    /**
     * The create request of a link message, placed as {@code how} says: enslaved to its master
     * (unless the message names one already, as a veth's does), in its device group, echoed.
     */
    public static NetlinkRequest create(LinkMessage message, String object, LinkCreation how) {
        LinkMessage placed = message;
        if (how.master().isPresent() && message.find(LinkAttribute.Master.class).isEmpty()) {
            placed = placed.with(new LinkAttribute.Master(how.master().getAsInt()));
        }
        if (how.group().isPresent()) {
            placed = placed.with(new LinkAttribute.Group(how.group().getAsInt()));
        }
        return create(placed, object, how.echoed());
    }

    /**
     * A veth pair in one request; the peer is created in the namespace of {@code peerNamespaceFd}
     * (or alongside) with its final name, MTU and MAC. {@code up} applies to the first end only
     * (see {@link LinuxLinks#create}).
     */
    public static LinkMessage veth(VethPair.Spec spec, OptionalInt peerNamespaceFd, OptionalInt master) {
        List<LinkAttribute> peer = common(spec.peerName(), spec.mtu(), spec.peerMacAddress());
        if (peerNamespaceFd.isPresent()) {
            peer.add(new LinkAttribute.NetNsFd(peerNamespaceFd.getAsInt()));
        }
        // the peer's flags must stay clear: the kernel configures the peer before the two ends are
        // joined, and opening an unjoined veth fails with ENOTCONN; the caller brings it up after
        LinkMessage peerMessage = new LinkMessage(IfInfoMsg.empty(), peer);
        return linkMessage(spec, master, LinkInfo.of(VethData.KIND, VethData.ofPeer(peerMessage)), OptionalInt.empty());
    }

    /** {@code ip link add NAME type bridge}. */
    public static LinkMessage bridge(Bridge spec) {
        return linkMessage(spec, OptionalInt.empty(), LinkInfo.of(BridgeData.KIND), OptionalInt.empty());
    }

    /** {@code ip link add NAME type vxlan id VNI ...}; {@code deviceIndex} is {@code dev DEV} resolved. */
    public static LinkMessage vxlan(Vxlan spec, OptionalInt deviceIndex) {
        VxlanData data = new VxlanData(OptionalInt.of(spec.vni()), spec.remote().or(spec::group), spec.local(),
                deviceIndex, OptionalInt.of(spec.dstPort()),
                spec.learning() ? Optional.empty() : Optional.of(false), List.of());   // learning is the kernel's default
        return linkMessage(spec, OptionalInt.empty(), LinkInfo.of(VxlanData.KIND, data), OptionalInt.empty());
    }

    /** {@code ip link add NAME link PARENT type macvlan mode MODE}. */
    public static LinkMessage macvlan(Macvlan spec, int parentIndex) {
        return linkMessage(spec, OptionalInt.empty(), LinkInfo.of(MacvlanData.KIND, MacvlanData.ofMode(spec.mode().value())),
                OptionalInt.of(parentIndex));
    }

    private static LinkMessage linkMessage(LinkSpec spec, OptionalInt master, LinkInfo info, OptionalInt link) {
        List<LinkAttribute> attrs = common(spec.name(), spec.mtu(), spec.macAddress());
        if (link.isPresent()) {
            attrs.add(new LinkAttribute.Link(link.getAsInt()));
        }
        if (master.isPresent()) {
            attrs.add(new LinkAttribute.Master(master.getAsInt()));
        }
        attrs.add(new LinkAttribute.Info(info));
        return new LinkMessage(header(spec.up()), attrs);
    }

    private static List<LinkAttribute> common(String name, OptionalInt mtu, Optional<MacAddress> mac) {
        List<LinkAttribute> attrs = new ArrayList<>();
        attrs.add(new LinkAttribute.Name(name));
        if (mtu.isPresent()) {
            attrs.add(new LinkAttribute.Mtu(mtu.getAsInt()));
        }
        if (mac.isPresent()) {
            attrs.add(new LinkAttribute.HardwareAddress(mac.get().bytes()));
        }
        return attrs;
    }

    private static IfInfoMsg header(boolean up) {
        return up ? new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, IFF_UP, IFF_UP) : IfInfoMsg.empty();
    }

    /** {@code ip link set NAME up} / {@code down}. */
    public static NetlinkRequest setUp(String name, boolean up) {
        return request(Rtnl.RTM_SETLINK, 0, new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, up ? IFF_UP : 0, IFF_UP), name,
                new LinkAttribute.Name(name));
    }

    /** {@code ip link set NAME promisc on} / {@code off}: {@code IFF_PROMISC} in the flags, named in the change mask. */
    public static NetlinkRequest setPromiscuous(String name, boolean on) {
        return request(Rtnl.RTM_SETLINK, 0, new IfInfoMsg(Rtnl.AF_UNSPEC, 0, 0, on ? IFF_PROMISC : 0, IFF_PROMISC), name,
                new LinkAttribute.Name(name));
    }

    /** {@code ip link set NAME mtu MTU}. */
    public static NetlinkRequest setMtu(String name, int mtu) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name), new LinkAttribute.Mtu(mtu));
    }

    /** {@code ip link set NAME address MAC}. */
    public static NetlinkRequest setMacAddress(String name, MacAddress mac) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name),
                new LinkAttribute.HardwareAddress(mac.bytes()));
    }

    /** {@code ip link set NAME name NEWNAME}: the link is selected by index, since the name attribute is the new name. */
    public static NetlinkRequest rename(int index, String oldName, String newName) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty().withIndex(index), oldName + " -> " + newName,
                new LinkAttribute.Name(newName));
    }

    /** {@code ip link set NAME alias TEXT}. */
    public static NetlinkRequest setAlias(String name, String alias) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name), new LinkAttribute.Alias(alias));
    }

    /** {@code ip link set NAME master MASTER}; index 0 is {@code nomaster}. */
    public static NetlinkRequest setMaster(String name, int masterIndex) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name),
                new LinkAttribute.Master(masterIndex));
    }

    /** {@code ip link set NAME netns NS}. */
    public static NetlinkRequest moveTo(String name, int namespaceFd) {
        return request(Rtnl.RTM_SETLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name),
                new LinkAttribute.NetNsFd(namespaceFd));
    }

    /** {@code ip link del NAME}. */
    public static NetlinkRequest delete(String name) {
        return request(Rtnl.RTM_DELLINK, 0, IfInfoMsg.empty(), name, new LinkAttribute.Name(name));
    }

    /**
     * {@code ip link del group G}: every link of the device group in one request (and one RCU grace
     * period). Group 0, the default group, holds every other link and is refused here.
     *
     * @param description what the group holds, for errors
     */
    public static NetlinkRequest deleteGroup(int group, String description) {
        if (group == 0) {
            throw new IllegalArgumentException("refusing to delete device group 0: it is the default group of every link");
        }
        String object = "group " + Integer.toUnsignedString(group) + (description.isEmpty() ? "" : " (" + description + ")");
        return request(Rtnl.RTM_DELLINK, 0, IfInfoMsg.empty(), object, new LinkAttribute.Group(group));
    }

    /** {@code ip link set NAME type bridge_slave ...}: a bridge port's settings, e.g. {@code hairpin on}. */
    public static NetlinkRequest setBridgePort(String name, BridgePortData data) {
        return request(Rtnl.RTM_NEWLINK, 0, IfInfoMsg.empty(), name + " (bridge port)", new LinkAttribute.Name(name),
                new LinkAttribute.Info(LinkInfo.ofPort(BridgePortData.KIND, data)));
    }

    private static NetlinkRequest request(int type, int flags, IfInfoMsg header, String object, LinkAttribute... attrs) {
        return new NetlinkRequest(type, flags, LinkMessage.of(header, attrs).toBytes(), Rtnl.typeName(type), object);
    }
}
