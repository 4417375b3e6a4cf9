package dev.netns.witness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Kernel tests of this module run as root; without root they are skipped, except under {@code CI=true}, where they fail. */
final class Root {
    private Root() {
    }

    static void required() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && Boolean.parseBoolean(System.getenv("CI"))) {
            throw new IllegalStateException("kernel tests need root and CI is true, so they fail instead of being skipped");
        }
        assumeTrue(root, "kernel test skipped: not root");
    }
}
