package dev.netns.linux.watch;

import dev.netns.IpPrefix;
import dev.netns.linux.netlink.Netlink;
import dev.netns.linux.netlink.NetlinkMessage;
import dev.netns.linux.netlink.NlMsgHeader;
import dev.netns.linux.rtnl.IfInfoMsg;
import dev.netns.linux.rtnl.LinkAttribute;
import dev.netns.linux.rtnl.LinkMessage;
import dev.netns.linux.rtnl.RouteAttribute;
import dev.netns.linux.rtnl.RouteMessage;
import dev.netns.linux.rtnl.Rtnl;
import dev.netns.linux.rtnl.RtMsg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Netlink messages as the kernel frames them, for tests that play the kernel's side. */
final class Messages {
    static final int PORT = 4242;

    private Messages() {
    }

    static NetlinkMessage framed(int type, int flags, int seq, int port, byte[] body) {
        return new NetlinkMessage(new NlMsgHeader(NlMsgHeader.SIZE + body.length, type, flags, seq, port), body);
    }

    /** A link message body: index, name, IFF flags and MTU ({@code family} AF_UNSPEC unless a test says). */
    static byte[] link(int family, int index, String name, int flags, int mtu) {
        return LinkMessage.of(new IfInfoMsg(family, 1, index, flags, 0), new LinkAttribute.Name(name),
                new LinkAttribute.Mtu(mtu)).toBytes();
    }

    static byte[] link(int index, String name, int mtu) {
        return link(Rtnl.AF_UNSPEC, index, name, 1, mtu);
    }

    /** A route message body of {@code table} to {@code destination} via link {@code oif}. */
    static byte[] route(String destination, int table, int rtmFlags, int oif) {
        IpPrefix dst = IpPrefix.parse(destination);
        return new RouteMessage(new RtMsg(dst.isIpv4() ? Rtnl.AF_INET : Rtnl.AF_INET6, dst.prefixLength(), 0, 0,
                Math.min(table, 255), 4, 0, 1, rtmFlags), List.of(new RouteAttribute.Destination(dst.address()),
                new RouteAttribute.Table(table), new RouteAttribute.OutputInterface(oif))).toBytes();
    }

    /** A notification: sent by another port (0: the kernel), sequence 0. */
    static NetlinkMessage notification(int type, byte[] body) {
        return framed(type, 0, 0, 0, body);
    }

    /** A dump reply to {@code seq} (multipart). */
    static NetlinkMessage reply(int seq, int type, byte[] body, boolean interrupted) {
        return framed(type, Netlink.NLM_F_MULTI | (interrupted ? Netlink.NLM_F_DUMP_INTR : 0), seq, PORT, body);
    }

    /** The NLMSG_DONE that ends dump {@code seq}. */
    static NetlinkMessage done(int seq) {
        return framed(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, seq, PORT,
                ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0).array());
    }
}
