package dev.netns.linux.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that works against the real kernel (namespaces, links, mounts): tagged
 * {@code kernel}, so {@code -DexcludedGroups=kernel} leaves only the pure tests (codecs, IPAM,
 * layouts), and skipped with the provider's own reason where namespaces are unavailable (no root,
 * no capabilities), except when the environment variable {@code CI} is {@code true}: then it fails,
 * so a CI run cannot pass by skipping. (The testkit's {@code @KernelTest} does the same for users;
 * this module's tests cannot depend on the testkit, which depends on this module.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelCondition.class)
public @interface KernelTest {
}
