package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a fresh {@link dev.netns.NetworkNamespace} into a field or parameter of a
 * {@link NetnsTest @NetnsTest} class, with {@code @TempDir} scoping: a static field gets one
 * namespace for the whole class, an instance field or a parameter one per test. The testkit owns
 * it: it closes (and for a named one deletes) it after the scope, as the {@link CleanupMode} says.
 *
 * {@snippet :
 * @NetnsTest
 * class LoopbackTest {
 *     @Netns NetworkNamespace ns;                      // anonymous, new for each test
 *
 *     @Test
 *     void namedOnRequest(@Netns(named = true) NetworkNamespace named) {
 *         assertTrue(named.name().orElseThrow().startsWith("tk-"));
 *     }
 * }
 * }
 *
 * <p>Only {@code lo} exists in the namespace, down, as after {@code ip netns add}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface Netns {

    /**
     * Whether the namespace gets a name under {@code /run/netns} (visible to {@code ip netns list},
     * enterable with {@code ip netns exec}), of the form {@code tk-<pid>-<n>}. Default: anonymous.
     */
    boolean named() default false;
}
