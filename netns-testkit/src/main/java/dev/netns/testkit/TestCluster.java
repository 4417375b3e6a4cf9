package dev.netns.testkit;

import dev.netns.Cluster;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link Cluster}: several node namespaces on an underlay, a pod network each, pods
 * reaching pods across nodes by VXLAN or host-gw routes. Scoped like {@code @TempDir}: a static
 * field is one cluster for the class, an instance field or a parameter one per test; each
 * declaration gets a cluster of its own. The cluster is named {@code tk-<pid>-<n>}: its underlay
 * is {@code tk-<pid>-<n>-underlay}, its nodes {@code tk-<pid>-<n>-node<i>}, their pods
 * {@code tk-<pid>-<n>-node<i>-<pod>}; everything goes after the scope, and the sweeper removes what
 * a crashed run left.
 *
 * {@snippet :
 * @NetnsTest
 * class AcrossNodesTest {
 *     @TestCluster(nodes = 2, mode = Cluster.Mode.HOST_GW) Cluster cluster;
 *
 *     @Test
 *     void podsTalk() throws Exception {
 *         Pod a = cluster.node(0).addPod("a");
 *         Pod b = cluster.node(1).addPod("b");
 *         // a reaches b.address(), and back
 *     }
 * }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface TestCluster {

    /** The number of nodes. */
    int nodes() default 2;

    /** VXLAN overlay or host-gw routes. */
    Cluster.Mode mode() default Cluster.Mode.VXLAN;

    /** The pod CIDR; node {@code i} gets its {@code i}-th subnet of {@link #nodeSubnetLength()}. */
    String podCidr() default "10.244.0.0/16";

    /** The prefix length of each node's pod subnet. */
    int nodeSubnetLength() default 24;

    /** The underlay network of the nodes' {@code eth0}. */
    String underlayCidr() default "172.18.0.0/16";

    /** The underlay MTU; pods get 50 less in VXLAN mode. */
    int mtu() default 1500;
}
