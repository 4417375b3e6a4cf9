package dev.netns.linux.watch;


import dev.netns.witness.Ip;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A namespace's links, addresses and main-table routes as iproute2 reports them ({@code ip -j}),
 * the independent witness a {@link Replica} is compared with, rendered in the same format.
 */
final class KernelState {
    private KernelState() {
    }

    static String link(int index, String name, boolean up, long mtu, String master) {
        return index + " " + name + (up ? " UP" : " down") + " mtu " + mtu + " master " + master;
    }

    static String address(int index, String address, int prefixLength) {
        return index + " " + canonical(address) + "/" + prefixLength;
    }

    static String route(String destination, int prefixLength, String gateway, int outputIndex) {
        return canonical(destination) + "/" + prefixLength + " via " + (gateway.equals("-") ? "-" : canonical(gateway))
                + " dev " + outputIndex;
    }

    private static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(address, e);
        }
    }

    @SuppressWarnings("unchecked")
    static TreeSet<String> links(String ns) {
        TreeSet<String> out = new TreeSet<>();
        for (Map<String, Object> l : Ip.json("ip", "-j", "-n", ns, "link", "show")) {
            List<String> flags = (List<String>) l.get("flags");
            out.add(link(((Number) l.get("ifindex")).intValue(), (String) l.get("ifname"), flags.contains("UP"),
                    ((Number) l.get("mtu")).longValue(), l.containsKey("master") ? (String) l.get("master") : "-"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static TreeSet<String> addresses(String ns) {
        TreeSet<String> out = new TreeSet<>();
        for (Map<String, Object> l : Ip.json("ip", "-j", "-n", ns, "addr", "show")) {
            int index = ((Number) l.get("ifindex")).intValue();
            for (Map<String, Object> a : (List<Map<String, Object>>) l.get("addr_info")) {
                out.add(address(index, (String) a.get("local"), ((Number) a.get("prefixlen")).intValue()));
            }
        }
        return out;
    }

    static TreeSet<String> routes(String ns) {
        Map<String, Integer> indexes = new HashMap<>();
        for (Map<String, Object> l : Ip.json("ip", "-j", "-n", ns, "link", "show")) {
            indexes.put((String) l.get("ifname"), ((Number) l.get("ifindex")).intValue());
        }
        TreeSet<String> out = new TreeSet<>();
        for (String family : new String[] {"-4", "-6"}) {
            Map<String, Integer> seen = new HashMap<>();
            for (Map<String, Object> r : Ip.json("ip", "-j", family, "-n", ns, "route", "show")) {
                String dst = (String) r.get("dst");
                boolean v6 = family.equals("-6");
                String address = dst.equals("default") ? (v6 ? "::" : "0.0.0.0") : dst.split("/")[0];
                int length = dst.equals("default") ? 0 : dst.contains("/") ? Integer.parseInt(dst.split("/")[1]) : v6 ? 128 : 32;
                String line = route(address, length, r.containsKey("gateway") ? (String) r.get("gateway") : "-",
                        r.containsKey("dev") ? indexes.get((String) r.get("dev")) : 0);
                int n = seen.merge(line, 1, Integer::sum);
                out.add(line + (n > 1 ? " #" + (n - 1) : ""));
            }
        }
        return out;
    }
}
