package dev.netns.linux.pod;

import dev.netns.NamespaceId;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pod marks read back from interface aliases: what owned() writes, and what is not a mark of ours. */
class MarksTest {
    @Test
    void anOwnedMarkReadsBackAsWritten() {
        NamespaceId id = new NamespaceId(4L, 4026532801L);
        Marks.PodMark m = Marks.pod(Optional.of(Marks.owned("pods-web 0", id))).orElseThrow();
        assertEquals(new Marks.PodMark(true, "pods-web 0", Optional.of(id)), m);
        // the widest identity checkOwned() allows for: two unsigned 64-bit numbers
        NamespaceId widest = new NamespaceId(-1L, -1L);
        assertEquals(Optional.of(widest), Marks.pod(Optional.of(Marks.owned("n", widest))).orElseThrow().identity());
        // the name is everything after the identity, line breaks included
        assertEquals("a\nb", Marks.pod(Optional.of("netns-pod owned 1:2 a\nb")).orElseThrow().namespace());
    }

    @Test
    void aliasesThatAreNotOurMarksReadAsNone() {
        for (String alias : new String[] {"netns-pod owned web", "netns-pod owned 1:2", "netns-pod owned 1:2 ",
                "netns-pod owned :2 n", "netns-pod owned 1: n", "netns-pod owned 1:x n", "netns-pod owned -1:2 n",
                "netns-pod owned 1 2 n", "netns-pod owned 18446744073709551616:2 n", "netns-pod ownedx 1:2 n", "veth of someone"}) {
            assertEquals(Optional.empty(), Marks.pod(Optional.of(alias)), alias);
        }
        assertEquals(Optional.empty(), Marks.pod(Optional.empty()));
    }

    @Test
    void aBorrowedMarkNamesThePath() {
        assertEquals(new Marks.PodMark(false, "/var/run/netns/cni-1", Optional.empty()),
                Marks.pod(Optional.of("netns-pod borrowed /var/run/netns/cni-1")).orElseThrow());
    }
}
