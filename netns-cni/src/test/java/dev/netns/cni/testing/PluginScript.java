package dev.netns.cni.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The netns-bridge plugin as an executable for tests: a script in a directory of its own that starts
 * this JVM's java on the test class path (the packaged launcher is made later, at {@code package}).
 */
public final class PluginScript {
    private PluginScript() {
    }

    /** Writes {@code dir/netns-bridge} and returns {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Path script = dir.resolve("netns-bridge");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                + "--enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
                + "' dev.netns.cni.plugin.Client \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
