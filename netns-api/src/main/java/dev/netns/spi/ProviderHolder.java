package dev.netns.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/** Loads the provider once, on first use, so a missing implementation fails with a clear message. */
final class ProviderHolder {
    static final NetnsProvider INSTANCE = load();

    private ProviderHolder() {
    }

    private static NetnsProvider load() {
        // no lambdas here: this is the first thing a fresh JVM's first SDK call runs
        Optional<NetnsProvider> found = ServiceLoader.load(NetnsProvider.class, NetnsProvider.class.getClassLoader()).findFirst();
        if (found.isEmpty()) {
            found = ServiceLoader.load(NetnsProvider.class).findFirst();
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no netns implementation found: add the runtime dependency "
                    + "dev.netns:netns-linux (same version as netns-api) to the class path");
        }
        return found.get();
    }
}
