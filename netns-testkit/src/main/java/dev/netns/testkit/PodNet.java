package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link dev.netns.PodNetwork} built in a fresh sandbox node namespace (a named
 * namespace {@code tk-<pid>-<n>} the testkit owns and stands in for the host), with
 * {@code @TempDir} scoping: a static field is one network for the class, an instance field or a
 * parameter one per test. Pods of the network live in namespaces named {@code tk-<pid>-<n>-<pod>}.
 *
 * {@snippet :
 * @NetnsTest
 * class BridgeTest {
 *     @PodNet(subnet = "10.244.7.0/24", mtu = 1400) static PodNetwork net;
 *     @TestPod("web") Pod web;                          // a new pod on the class network per test
 * }
 * }
 *
 * <p>There is at most one pod network per scope; {@link TestPod @TestPod} pods join the network of
 * their scope (for a test: the test's network if it declares one, else the class's, else a default
 * one made for the test).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface PodNet {

    /** The IPv4 subnet pods draw addresses from; its first address is the gateway on the bridge. */
    String subnet() default "10.244.1.0/24";

    /** An optional IPv6 subnet for dual stack; empty for none. */
    String ipv6Subnet() default "";

    /** The bridge's name in the sandbox node (at most 15 bytes). */
    String bridge() default "cni0";

    /** The MTU of the bridge and the pods' veths; 0 for the kernel default. */
    int mtu() default 0;
}
