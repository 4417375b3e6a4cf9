package dev.netns.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class (or method) that needs the real kernel but none of {@link NetnsTest}'s injection and leak
 * checks (a test that drives a CLI, or witnesses with {@code ip}): tagged {@value #TAG}, and skipped
 * with the provider's reason where network namespaces are unavailable (no root or capabilities) —
 * or failed when {@code CI} is {@code true}, like {@code @NetnsTest}, which carries the same tag.
 *
 * {@snippet :
 * @KernelTest
 * class CliTest {
 *     @Test
 *     void addsANamespace() { ... }   // skipped without root; run with -Dgroups=kernel alone
 * }
 * }
 *
 * <p>{@code -DexcludedGroups=kernel} runs only the pure tests; {@code -Dgroups=kernel} only these.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(KernelTest.TAG)
@ExtendWith(KernelCondition.class)
public @interface KernelTest {
    /** The JUnit tag of tests that need the kernel. */
    String TAG = "kernel";
}
