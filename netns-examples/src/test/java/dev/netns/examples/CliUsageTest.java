package dev.netns.examples;

import dev.netns.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help and bad usage: exit 0 with help on standard output, exit 2 with one reason and a hint on standard error. */
class CliUsageTest {

    @Test
    void helpListsEveryCommandAndHowToRunIt() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.status(), r::toString);
            for (String expected : new String[] {"demo", "ns add NAME", "ns list", "ns del NAME", "ns exec NAME CMD",
                    "pod add NAME", "pod list", "pod del", "--debug", "Exit status",
                    "mvn -q -pl netns-examples -am -Dmaven.test.skip package exec:exec -Dexec.args="}) {
                assertTrue(r.out().contains(expected), () -> "help lacks '" + expected + "':\n" + r.out());
            }
            assertEquals("", r.err());
            assertTrue(r.out().lines().allMatch(l -> l.length() <= 92), "help lines fit a terminal");
        }
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        assertTrue(Cli.run("demo", "--help").out().contains("--keep"));
        assertTrue(Cli.run("help", "demo").out().contains("--out DIR"));
        assertTrue(Cli.run("ns", "--help").out().contains("ns exec NAME CMD"));
        assertTrue(Cli.run("ns", "exec", "--help").out().contains("ns exec NAME CMD"));
        assertTrue(Cli.run("pod", "add", "x", "--help").out().contains("--subnet CIDR"));
        assertTrue(Cli.run("help", "pod").out().contains("--all"));
        // demo options without a command mean the demo, so their help is the demo's
        assertTrue(Cli.run("--keep", "--help").out().startsWith("Usage: netns demo"));
    }

    @KernelTest
    @Test
    void badUsageExitsTwoWithOneReasonAndAHint() {
        expectUsage(new String[] {"frob"}, "netns: unknown command 'frob' (commands: demo, ns, pod, cluster, help).", "Try 'netns --help'.");
        expectUsage(new String[] {"help", "frob"}, "netns: no help for 'frob' (commands: demo, ns, pod, cluster).", "Try 'netns --help'.");
        expectUsage(new String[] {"ns"}, "netns: missing subcommand (add, list, del or exec).", "Try 'netns ns --help'.");
        expectUsage(new String[] {"ns", "mv"}, "netns: unknown subcommand 'mv' (add, list, del or exec).", "Try 'netns ns --help'.");
        expectUsage(new String[] {"ns", "add"}, "netns: missing namespace NAME.", "Try 'netns ns add --help'.");
        expectUsage(new String[] {"ns", "add", "a", "b"}, "netns: unexpected argument 'b'.", "Try 'netns ns add --help'.");
        expectUsage(new String[] {"ns", "exec", "blue"}, "netns: missing the command to run inside blue.", "Try 'netns ns exec --help'.");
        expectUsage(new String[] {"ns", "del"}, "netns: missing namespace NAME.", "Try 'netns ns del --help'.");
        expectUsage(new String[] {"pod", "del"}, "netns: missing pod NAME (or --all).", "Try 'netns pod del --help'.");
        expectUsage(new String[] {"pod", "del", "a", "--all"}, "netns: give pod names or --all, not both.", "Try 'netns pod del --help'.");
        expectUsage(new String[] {"demo", "--server", "perl"}, "netns: --server must be python or java, not 'perl'.", "Try 'netns demo --help'.");
        expectUsage(new String[] {"--kep"}, "netns: unknown option --kep for 'demo'.", "Try 'netns demo --help'.");
        expectUsage(new String[] {"demo", "extra"}, "netns: unexpected argument 'extra'.", "Try 'netns demo --help'.");
    }

    @KernelTest
    @Test
    void rulesOfTheSdkAreBadUsageToo() {
        // names and subnets are checked by the SDK before any system call; the CLI reports its rule
        Cli.Result slash = Cli.run("ns", "add", "a/b");
        assertEquals(2, slash.status(), slash::toString);
        assertTrue(slash.err().startsWith("netns: namespace name must not contain '/'"), slash::toString);
        Cli.Result subnet = Cli.run("demo", "--subnet", "10.244.1.5/24");
        assertEquals(2, subnet.status(), subnet::toString);
        assertTrue(subnet.err().contains("host bits set (did you mean 10.244.1.0/24?)"), subnet::toString);
        Cli.Result pod = Cli.run("pod", "add", "my pod");
        assertEquals(2, pod.status(), pod::toString);
        assertTrue(pod.err().contains("pod name must be letters, digits"), pod::toString);
    }

    private static void expectUsage(String[] args, String reason, String hint) {
        Cli.Result r = Cli.run(args);
        assertEquals(NetnsCli.USAGE, r.status(), r::toString);
        assertEquals(reason + "\n" + hint + "\n", r.err(), r::toString);
        assertFalse(r.out().contains("Exception"), r::toString);
    }
}
