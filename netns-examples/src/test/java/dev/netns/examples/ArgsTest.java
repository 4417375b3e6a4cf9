package dev.netns.examples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    @Test
    void flagsOptionsAndPositionalsInAnyOrder() {
        Args a = Args.parse("demo", List.of("--out", "/tmp/x", "one", "--keep", "--server=java", "two"),
                Set.of("--keep"), Set.of("--out", "--server"), -1);
        assertEquals(List.of("one", "two"), a.positionals());
        assertTrue(a.has("--keep"));
        assertEquals(Map.of("--out", "/tmp/x", "--server", "java"), a.options());
        assertTrue(a.rest().isEmpty());
    }

    @Test
    void everythingAfterTheStopPositionalIsLeftAlone() {
        // ns exec NAME CMD...: the command's own options must reach it untouched
        Args a = Args.parse("ns exec", List.of("blue", "ls", "-l", "--help"), Set.of(), Set.of(), 1);
        assertEquals(List.of("blue"), a.positionals());
        assertEquals(List.of("ls", "-l", "--help"), a.rest());
        Args dashed = Args.parse("ns exec", List.of("blue", "--", "sh", "-c", "exit 3"), Set.of(), Set.of(), 1);
        assertEquals(List.of("sh", "-c", "exit 3"), dashed.rest());
    }

    @Test
    void doubleDashMakesTheRestPositional() {
        Args a = Args.parse("ns del", List.of("--", "--odd-name"), Set.of(), Set.of(), -1);
        assertEquals(List.of("--odd-name"), a.positionals());
    }

    @Test
    void badUsageNamesTheProblem() {
        UsageException unknown = assertThrows(UsageException.class,
                () -> Args.parse("pod add", List.of("web", "--nodes", "x"), Set.of(), Set.of("--node"), -1));
        assertEquals("unknown option --nodes for 'pod add'", unknown.getMessage());
        assertEquals("pod add", unknown.command());
        assertEquals("option --node needs a value",
                assertThrows(UsageException.class, () -> Args.parse("pod add", List.of("web", "--node"), Set.of(), Set.of("--node"), -1)).getMessage());
        assertEquals("option --node given twice",
                assertThrows(UsageException.class, () -> Args.parse("pod add", List.of("--node", "a", "--node=b"), Set.of(), Set.of("--node"), -1)).getMessage());
        assertEquals("flag --keep takes no value",
                assertThrows(UsageException.class, () -> Args.parse("demo", List.of("--keep=yes"), Set.of("--keep"), Set.of(), -1)).getMessage());
        assertEquals("option --out needs a non-empty value",
                assertThrows(UsageException.class, () -> Args.parse("demo", List.of("--out="), Set.of(), Set.of("--out"), -1)).getMessage());
    }

    @Test
    void expectCountsPositionals() {
        Args none = Args.parse("ns add", List.of(), Set.of(), Set.of(), -1);
        assertEquals("missing namespace NAME", assertThrows(UsageException.class, () -> none.expect("ns add", 1, "namespace NAME")).getMessage());
        Args two = Args.parse("ns add", List.of("a", "b"), Set.of(), Set.of(), -1);
        assertEquals("unexpected argument 'b'", assertThrows(UsageException.class, () -> two.expect("ns add", 1, "namespace NAME")).getMessage());
        assertFalse(Args.parse("ns list", List.of(), Set.of(), Set.of(), -1).expect("ns list", 0, "").has("--x"));
    }
}
