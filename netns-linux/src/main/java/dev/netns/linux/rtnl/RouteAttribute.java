package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.Attribute;
import dev.netns.linux.netlink.AttributeWriter;

import java.net.InetAddress;

/** The attributes of a route message ({@code RTA_*} in {@code <linux/rtnetlink.h>}); others are kept as {@link Unknown}. */
public sealed interface RouteAttribute {
    int RTA_DST = 1;
    int RTA_OIF = 4;
    int RTA_GATEWAY = 5;
    int RTA_PRIORITY = 6;
    int RTA_PREFSRC = 7;
    int RTA_TABLE = 15;

    void writeTo(AttributeWriter out);

    /** {@code RTA_DST}: the destination network (its length is {@code rtm_dst_len}). */
    record Destination(InetAddress address) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(RTA_DST, address.getAddress());
        }
    }

    /** {@code RTA_GATEWAY}: the next hop. */
    record Gateway(InetAddress address) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(RTA_GATEWAY, address.getAddress());
        }
    }

    /** {@code RTA_OIF}: the output interface index. */
    record OutputInterface(int index) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(RTA_OIF, index);
        }
    }

    /** {@code RTA_PRIORITY}: the metric. */
    record Priority(int priority) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(RTA_PRIORITY, priority);
        }
    }

    /** {@code RTA_PREFSRC}: the preferred source address. */
    record PreferredSource(InetAddress address) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.put(RTA_PREFSRC, address.getAddress());
        }
    }

    /** {@code RTA_TABLE}: the table id (u32), authoritative over {@code rtm_table}. */
    record Table(int table) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            out.u32(RTA_TABLE, table);
        }
    }

    /** Any other attribute, kept as it came. */
    record Unknown(Attribute attribute) implements RouteAttribute {
        public void writeTo(AttributeWriter out) {
            attribute.writeTo(out);
        }
    }

    static RouteAttribute decode(Attribute a) {
        return switch (a.type()) {
            case RTA_DST -> new Destination(IpBytes.decode(a, "RTA_DST"));
            case RTA_GATEWAY -> new Gateway(IpBytes.decode(a, "RTA_GATEWAY"));
            case RTA_OIF -> new OutputInterface(a.u32("RTA_OIF"));
            case RTA_PRIORITY -> new Priority(a.u32("RTA_PRIORITY"));
            case RTA_PREFSRC -> new PreferredSource(IpBytes.decode(a, "RTA_PREFSRC"));
            case RTA_TABLE -> new Table(a.u32("RTA_TABLE"));
            default -> new Unknown(a);
        };
    }
}
