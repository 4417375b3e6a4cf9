package dev.netns.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against real, isolated Linux network namespaces: registers
 * {@link NetnsExtension}, which injects {@link Netns @Netns}, {@link PodNet @PodNet} and
 * {@link TestPod @TestPod} fields and parameters, removes what it built, and checks after each test
 * that nothing the test made survives.
 *
 * {@snippet :
 * @NetnsTest
 * class PodToPodTest {
 *     @Test
 *     void podsReachEachOther(@TestPod("a") Pod a, @TestPod("b") Pod b) throws Exception {
 *         try (EchoServer server = EchoServer.tcp(b.namespace(), 7)) {
 *             Probes.assertReachable(a.namespace(), b.address(), server.port());
 *         }
 *     }
 * }
 * }
 *
 * <p>Without the privileges the SDK needs (see
 * {@link dev.netns.NetworkNamespaces#unavailableReason()}) the class is skipped with that reason,
 * except when the environment variable {@code CI} (or the configuration parameter / system property
 * {@value NetnsExtension#CI_KEY}) is {@code true}: then it fails, so a CI run cannot pass by
 * skipping everything.
 *
 * <p>Under JUnit's parallel execution, {@code @NetnsTest} classes hold one exclusive resource lock
 * ({@value #LOCK}): they run one at a time, each test alone, so the leak check can tell what a test
 * made; tests without the annotation still run alongside.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(KernelTest.TAG)
@ExtendWith(NetnsExtension.class)
@ResourceLock(value = NetnsTest.LOCK, mode = ResourceAccessMode.READ_WRITE)
public @interface NetnsTest {

    /** The resource lock every {@code @NetnsTest} class holds. */
    String LOCK = "dev.netns.testkit";

    /**
     * Whether each test (and the class, after its last test) fails when something it made survives:
     * named namespaces, nsfs mounts, links in the process's own namespace, open namespace descriptors,
     * child processes or threads left inside a foreign namespace. Default {@code true}.
     */
    boolean leakCheck() default true;

    /** When to remove what the testkit built; {@link CleanupMode#DEFAULT} defers to the global setting. */
    CleanupMode cleanup() default CleanupMode.DEFAULT;
}
