package dev.netns.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one command, split into positionals, flags ({@code --keep}) and options with a
 * value ({@code --out DIR} or {@code --out=DIR}). Hand-written on purpose: the CLI has a handful of
 * options and no dependency is worth that. Anything unknown is a {@link UsageException}.
 *
 * @param positionals the arguments that are not options, in order
 * @param flags       the flags given
 * @param options     the options given, with their values
 * @param rest        everything after the positional that stops option parsing (the command of {@code ns exec})
 */
record Args(List<String> positionals, Set<String> flags, Map<String, String> options, List<String> rest) {

    /**
     * Parses {@code args} for {@code command}.
     *
     * @param flagNames        the flags the command accepts
     * @param optionNames      the options with a value the command accepts
     * @param positionalsFirst after this many positionals, everything left is {@link #rest()} unparsed
     *                         ({@code -1}: never stop); {@code "--"} also ends option parsing
     */
    static Args parse(String command, List<String> args, Set<String> flagNames, Set<String> optionNames, int positionalsFirst) {
        List<String> positionals = new ArrayList<>();
        Set<String> flags = new TreeSet<>();
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (positionalsFirst >= 0 && positionals.size() == positionalsFirst) {
                rest.addAll(args.subList(a.equals("--") ? i + 1 : i, args.size()));
                break;
            }
            if (a.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--") || (a.startsWith("-") && a.length() > 1)) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (optionNames.contains(name)) {
                    String value;
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(command, "option " + name + " needs a value");
                    }
                    if (value.isEmpty()) {
                        throw new UsageException(command, "option " + name + " needs a non-empty value");
                    }
                    if (options.put(name, value) != null) {
                        throw new UsageException(command, "option " + name + " given twice");
                    }
                } else if (flagNames.contains(name) && eq < 0) {
                    flags.add(name);
                } else if (flagNames.contains(name)) {
                    throw new UsageException(command, "flag " + name + " takes no value");
                } else {
                    throw new UsageException(command, "unknown option " + a + (command.isEmpty() ? "" : " for '" + command + "'"));
                }
            } else {
                positionals.add(a);
            }
        }
        return new Args(List.copyOf(positionals), Set.copyOf(flags), Map.copyOf(options), List.copyOf(rest));
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Exactly {@code n} positionals, named in the error as {@code what}. */
    Args expect(String command, int n, String what) {
        if (positionals.size() < n) {
            throw new UsageException(command, "missing " + what);
        }
        if (positionals.size() > n) {
            throw new UsageException(command, "unexpected argument '" + positionals.get(n) + "'");
        }
        return this;
    }
}
