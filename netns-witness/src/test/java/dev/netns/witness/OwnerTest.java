package dev.netns.witness;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnerTest {
    private final Owner owner = Owner.of("wt");

    @Test
    void namesCarryTheTagAndThisPid() {
        String a = owner.next();
        String b = owner.uniqueName("peer");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("wt-" + ProcessHandle.current().pid()), a);
        assertTrue(b.startsWith(owner.prefix()) && b.contains("-peer-"), b);
        assertEquals(OptionalLong.of(ProcessHandle.current().pid()), owner.owner(b));
        assertTrue(owner.ours(a) && owner.mayBeAlive(a));
        assertSame(owner, Owner.of("wt"));
    }

    @Test
    void otherTagsAndFormatsAreNotJudged() {
        assertTrue(owner.owner("tk-1-2").isEmpty());
        assertTrue(owner.owner("wtx-1-2").isEmpty());
        assertTrue(owner.owner("wt-").isEmpty());
        assertTrue(owner.mayBeAlive("red"));
        assertFalse(owner.ours("red"));
    }

    @Test
    void aDeadPidOfThisPidNamespaceIsNotAliveAnotherPidNamespaceIsNeverJudged() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        String own = Owner.pidNamespace() == Owner.INITIAL_PID_NAMESPACE ? "" : "." + Owner.pidNamespace();
        assertFalse(owner.mayBeAlive("wt-" + dead + own + "-1"));
        assertTrue(owner.mayBeAlive("wt-" + dead + "." + (Owner.pidNamespace() + 1) + "-1"), "another PID namespace's pid");
    }

    @Test
    void badTagsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Owner.of("Tk"));
        assertThrows(IllegalArgumentException.class, () -> Owner.of("toolongtag"));
        assertThrows(IllegalArgumentException.class, () -> Owner.of("a-b"));
    }
}
