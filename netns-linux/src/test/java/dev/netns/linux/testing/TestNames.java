package dev.netns.linux.testing;

import dev.netns.witness.Owner;

/** The owner of the named namespaces this module's tests make: {@code nt-<pid>-...}, swept once their JVM is gone. */
public final class TestNames {
    /** Names {@code nt-<pid>-<stem>-<n>}; sandbox nodes {@code nt-<pid>-<n>}. */
    public static final Owner OWNER = Owner.of("nt");

    private TestNames() {
    }
}
