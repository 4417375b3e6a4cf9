package dev.netns.spi;

import java.util.ServiceLoader;

/** Loads the provider once, on first use, so a missing implementation fails with a clear message. */
final class ProviderHolder {
    static final NetnsProvider INSTANCE = load();

    private ProviderHolder() {
    }

    private static NetnsProvider load() {
        return ServiceLoader.load(NetnsProvider.class, NetnsProvider.class.getClassLoader())
                .findFirst()
                .or(() -> ServiceLoader.load(NetnsProvider.class).findFirst())
                .orElseThrow(() -> new IllegalStateException(
                        "no netns implementation found: add the runtime dependency "
                                + "dev.netns:netns-linux (same version as netns-api) to the class path"));
    }
}
