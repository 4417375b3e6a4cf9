package dev.netns.linux.watch;

import dev.netns.witness.Ip;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import dev.netns.NetnsException;
import dev.netns.linux.testing.TestNames;

import java.util.ArrayList;
import java.util.List;

/** Named namespaces a test made; {@link #close()} deletes whatever is left, also after a failure. */
final class MadeNamespaces implements AutoCloseable {
    private final List<String> names = new ArrayList<>();

    NetworkNamespace create(String stem) throws NetnsException {
        String name = TestNames.OWNER.uniqueName("w" + stem);
        names.add(name);
        return NetworkNamespaces.create(name);
    }

    @Override
    public void close() {
        names.forEach(Ip::netnsDeleteIfPresent);
    }
}
