package dev.netns.testkit;

import dev.netns.NetworkNamespace;

/** How messages name a namespace: its name and id, or the id alone for an anonymous one. */
final class Labels {
    private Labels() {
    }

    static String of(NetworkNamespace ns) {
        return ns.name().map(n -> n + " (" + ns.id() + ")").orElse("anonymous " + ns.id());
    }
}
