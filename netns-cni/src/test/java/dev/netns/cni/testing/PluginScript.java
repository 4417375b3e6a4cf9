package dev.netns.cni.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The netns-bridge plugin as an executable for tests: the real launcher ({@code src/main/cni/netns-bridge},
 * with its hand-off to a resident agent) in a directory of its own, made to start this JVM's java on
 * the test class path (the packaged directory with its jars is made later, at {@code package}).
 */
public final class PluginScript {
    private static final String CLASS_PATH = "\"lib/@project.build.finalName@.jar:@cni.dependencies@\"";
    private static final String JDK_SEARCH = "for home in \"${NETNS_JAVA:-}\"";

    private PluginScript() {
    }

    /** Writes {@code dir/netns-bridge} and returns {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String launcher = Files.readString(Path.of("src/main/cni/netns-bridge"));
        if (!launcher.contains(CLASS_PATH) || !launcher.contains(JDK_SEARCH)) {
            throw new IllegalStateException("the launcher no longer has " + CLASS_PATH + " and " + JDK_SEARCH);
        }
        launcher = launcher.replace(CLASS_PATH, "'" + System.getProperty("java.class.path") + "'")
                .replace(JDK_SEARCH, JDK_SEARCH + " '" + System.getProperty("java.home") + "'");
        Path script = dir.resolve("netns-bridge");
        Files.writeString(script, launcher);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
