package dev.netns.cni.plugin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The resident agent: a warm JVM that serves plugin calls handed over by {@link Client}, as Multus'
 * thick plugin and Cilium's agent do, so a call costs a small JVM start and a socket round trip
 * instead of a cold start of the whole SDK. It serves only callers in its own network namespace (the
 * node's) that name the same container namespace file it sees; its socket is in a directory only
 * root may enter. Each call runs
 * {@link PluginMain#run} on a thread of its own, exactly as the plugin would.
 */
final class Agent {
    private Agent() {
    }

    static void main(Path socket) throws IOException {
        PluginLog.configure(System.getenv(), java.util.Optional.empty(), java.util.Optional.empty());
        Path dir = socket.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(socket);
        String mine = java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            PluginLog.get().warn("netns-bridge agent serving {} in {}", socket, mine);
            while (true) {
                SocketChannel ch = server.accept();
                Thread.ofPlatform().name("cni-call").start(() -> serve(ch, mine));
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private static void serve(SocketChannel ch, String mine) {
        try (ch) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            AgentProtocol.Request r = AgentProtocol.readRequest(in);
            if (!r.namespaces().equals(AgentProtocol.namespaces(r.env())) || !r.namespaces().startsWith(mine + " ")) {
                out.writeInt(AgentProtocol.NOT_HERE);
                out.flush();
                return;
            }
            PluginLog.get().debug("agent call {} {}", r.env().get("CNI_COMMAND"), r.env().getOrDefault("CNI_CONTAINERID", ""));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int status = PluginMain.run(r.env(), new ByteArrayInputStream(r.stdin()),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8));
            AgentProtocol.writeReply(out, status, stdout.toByteArray());
        } catch (IOException | RuntimeException e) {
            PluginLog.get().warn("agent call failed: {}", e.toString());
        }
    }
}
