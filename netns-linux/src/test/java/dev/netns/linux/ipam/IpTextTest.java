package dev.netns.linux.ipam;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** File names as Go's net.IP.String() prints them (RFC 5952), the names host-local gives its files. */
class IpTextTest {

    @ParameterizedTest
    @CsvSource({
            "10.244.1.2, 10.244.1.2",
            "0.0.0.0, 0.0.0.0",
            "fd00:10:244:1:0:0:0:2, fd00:10:244:1::2",
            "fd00:0:0:1:0:0:0:2, fd00:0:0:1::2",        // the longer run wins
            "fd00:0:0:1:1:0:0:2, fd00::1:1:0:0:2",      // a tie: the first run
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group stays
            "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "FD00:ABCD:0:0:0:0:0:10, fd00:abcd::10",
    })
    void formatsAsGo(String literal, String expected) {
        InetAddress a = InetAddress.ofLiteral(literal);
        assertEquals(expected, IpText.format(a));
        assertEquals(Optional.of(a), IpText.parseFileName(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock", "last_reserved_ip.0", "010.1.1.1", "FD00::2", "fd00:0::2", "10.1.1", "10.1.1.1 ", "", "example.com", "1.2.3.4.5"})
    void namesHostLocalWouldNotWriteAreNotReservations(String name) {
        assertEquals(Optional.empty(), IpText.parseFileName(name));
    }
}
