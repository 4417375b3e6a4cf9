package dev.netns.witness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {

    @Test
    void exitStatusAndBothOutputsComeBack() {
        Commands.Result r = Commands.exec("sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(new Commands.Result(3, "out\n", "err\n"), r);
        assertFalse(r.ok());
    }

    @Test
    void runFailsNamingTheCommandAndItsOutput() {
        AssertionError e = assertThrows(AssertionError.class, () -> Commands.run("sh", "-c", "echo nope >&2; exit 2"));
        assertTrue(e.getMessage().contains("exited 2") && e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void aCommandOverItsTimeIsKilledWithItsChildren() throws Exception {
        // the shell starts a grandchild and prints its pid; both must be gone after the timeout
        AssertionError e = assertThrows(AssertionError.class,
                () -> Commands.exec(Duration.ofMillis(500), List.of("sh", "-c", "sleep 60 & echo $! > /dev/stderr; wait")));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            assertFalse(child.info().command().orElse("").endsWith("sh")
                    && child.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("sleep 60"), "shell still runs");
        }
        long sleeps = ProcessHandle.allProcesses()
                .filter(p -> p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false))
                .filter(ProcessHandle::isAlive).count();
        assertEquals(0, sleeps, "no child of this JVM is left running");
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Commands.exec(Duration.ofSeconds(1), List.of()));
    }
}
