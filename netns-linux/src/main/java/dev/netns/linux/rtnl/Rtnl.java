package dev.netns.linux.rtnl;

/**
 * rtnetlink message types and the small enumerations the typed model uses, from
 * {@code <linux/rtnetlink.h>}, {@code <linux/socket.h>} and {@code <linux/if.h>}. Attribute
 * numbers live next to their family ({@link LinkAttribute}, {@link AddressAttribute},
 * {@link RouteAttribute}, {@link NeighborAttribute}, one class per link kind).
 */
public final class Rtnl {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    /** {@code AF_BRIDGE} (7): the family of forwarding-database messages. */
    public static final int AF_BRIDGE = 7;
    public static final int AF_INET6 = 10;

    /** {@code IFLA_EXT_MASK} bit: leave the statistics out of link replies (they are most of the bytes). */
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    private Rtnl() {
    }

    /** The name of a message type, for errors and logs. */
    public static String typeName(int type) {
        return switch (type) {
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_SETLINK -> "RTM_SETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            default -> "message type " + type;
        };
    }

    /** The operational state ({@code IF_OPER_*}, RFC 2863) as iproute2 prints it. */
    public static String operState(int state) {
        return switch (state) {
            case 0 -> "UNKNOWN";
            case 1 -> "NOTPRESENT";
            case 2 -> "DOWN";
            case 3 -> "LOWERLAYERDOWN";
            case 4 -> "TESTING";
            case 5 -> "DORMANT";
            case 6 -> "UP";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
