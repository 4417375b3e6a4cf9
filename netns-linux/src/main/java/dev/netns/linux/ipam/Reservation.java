package dev.netns.linux.ipam;

import java.net.InetAddress;

/**
 * One reserved address: host-local's file {@code DIR/NAME/IP} holding {@code id "\r\n" interfaceName}.
 * A file torn by a crash between its creation and its write reads as an empty id: a reservation
 * of no pod, which garbage collection releases.
 *
 * @param address       the address (the file's name)
 * @param id            the pod's (container's) id; empty for a torn file
 * @param interfaceName the pod's interface; empty in files of host-local versions that wrote only the id
 */
public record Reservation(InetAddress address, String id, String interfaceName) {

    /** The file content host-local writes and matches: trimmed id, CR LF, interface name. */
    static String content(String id, String interfaceName) {
        return id.strip() + "\r\n" + interfaceName;
    }

    /** Reads a file's content as host-local matches it (whitespace around it ignored). */
    static Reservation parse(InetAddress address, String content) {
        String c = content.strip();
        int lineBreak = c.indexOf("\r\n");
        if (lineBreak < 0) {
            return new Reservation(address, c, "");
        }
        return new Reservation(address, c.substring(0, lineBreak), c.substring(lineBreak + 2));
    }

    /** Whether this reservation belongs to the pod: same id and interface (or an id-only file of that id). */
    public boolean belongsTo(String podId, String podInterface) {
        return id.equals(podId.strip()) && (interfaceName.isEmpty() || interfaceName.equals(podInterface));
    }
}
