package dev.netns.examples;

import java.io.PrintStream;

/**
 * Where the CLI writes: standard output and error, with colour only when standard output is a
 * terminal (and {@code NO_COLOR} is unset), so logs, pipes and tests get plain text.
 *
 * @param out         normal output
 * @param err         errors and warnings
 * @param ansi        whether to colour
 * @param realConsole whether these are the process's own streams (then a child process may inherit them)
 */
record Out(PrintStream out, PrintStream err, boolean ansi, boolean realConsole) {

    /** The process's own streams, coloured if standard output is a terminal. */
    static Out system() {
        java.io.Console console = System.console();
        boolean tty = console != null && console.isTerminal();
        boolean wanted = System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        return new Out(System.out, System.err, tty && wanted, true);
    }

    /** Captured streams, never coloured (for tests and embedding). */
    static Out captured(PrintStream out, PrintStream err) {
        return new Out(out, err, false, false);
    }

    void println(String s) {
        out.println(s);
    }

    void println() {
        out.println();
    }

    String bold(String s) {
        return ansi ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    String green(String s) {
        return ansi ? "\u001b[32m" + s + "\u001b[0m" : s;
    }

    String dim(String s) {
        return ansi ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    String red(String s) {
        return ansi ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    /** One line on standard error. */
    void error(String s) {
        err.println(s);
    }
}
