package dev.netns.linux.rtnl;

import dev.netns.linux.netlink.NetlinkRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers of the golden-bytes tests: hex written in commented groups, and requests framed as sent. */
final class Golden {
    static final HexFormat HEX = HexFormat.of();

    private Golden() {
    }

    /** Golden bytes are written for little-endian hosts; elsewhere the tests are skipped. */
    static void assumeLittleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    /** The bytes of hex groups (spaces ignored). */
    static byte[] hex(String... groups) {
        return HEX.parseHex(String.join("", groups).replace(" ", ""));
    }

    /** The request as it goes on the wire under sequence number {@code seq}: header and body. */
    static byte[] framed(NetlinkRequest r, int seq) {
        ByteBuffer b = ByteBuffer.allocate(r.framedLength()).order(ByteOrder.nativeOrder());
        r.header(seq).write(b);
        b.put(r.body());
        return b.array();
    }
}
