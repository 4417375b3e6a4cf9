package dev.netns;

import dev.netns.spi.NetnsProvider;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How the API classes reach the implementation; package-private, so neither applications nor
 * providers look it up ({@link NetnsProvider} is only implemented). Loads the provider once, on
 * first use, so a missing implementation fails with a clear message — on every call, not only the
 * first (a class initializer that throws would leave later callers a bare
 * {@code NoClassDefFoundError}).
 */
final class Provider {
    private static final String MISSING = "no netns implementation found: add the runtime dependency "
            + "dev.netns:netns-linux (same version as netns-api) to the class path";
    /** The provider, or {@code null} when the class path has none. */
    private static final NetnsProvider INSTANCE = load();

    private Provider() {
    }

    static NetnsProvider get() {
        if (INSTANCE == null) {
            throw new IllegalStateException(MISSING);
        }
        return INSTANCE;
    }

    private static NetnsProvider load() {
        // no lambdas here: this is the first thing a fresh JVM's first SDK call runs
        Optional<NetnsProvider> found = ServiceLoader.load(NetnsProvider.class, NetnsProvider.class.getClassLoader()).findFirst();
        if (found.isEmpty()) {
            found = ServiceLoader.load(NetnsProvider.class).findFirst();
        }
        return found.orElse(null);
    }
}
