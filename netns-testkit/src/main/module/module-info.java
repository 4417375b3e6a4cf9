/**
 * JUnit 5 support for tests with real network namespaces and pod networks:
 * {@link dev.netns.testkit.NetnsTest @NetnsTest}, injection, leak checks, traffic probes.
 */
module dev.netns.testkit {
    requires transitive dev.netns.api;
    requires transitive dev.netns.witness;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires org.slf4j;

    exports dev.netns.testkit;
    // JUnit instantiates the extension and conditions reflectively
    opens dev.netns.testkit to org.junit.platform.commons;
}
