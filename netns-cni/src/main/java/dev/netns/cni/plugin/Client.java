package dev.netns.cni.plugin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The launcher's entry point. {@code netns-bridge agent [SOCKET]} starts the resident {@link Agent};
 * otherwise this is one plugin call: handed to the agent when one listens on {@code NETNS_CNI_AGENT}
 * (default {@code /run/netns-cni/agent.sock}) in the caller's own namespaces — the JVM then loads a
 * few classes and no FFM code — else run here by {@link PluginMain}. The plugin works the same
 * either way; the agent only saves the cold start.
 */
public final class Client {
    private Client() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("agent")) {
            Agent.main(args.length > 1 ? Path.of(args[1]) : AgentProtocol.DEFAULT_SOCKET);
            return;
        }
        Path socket = Path.of(System.getenv().getOrDefault("NETNS_CNI_AGENT", AgentProtocol.DEFAULT_SOCKET.toString()));
        if (Files.exists(socket)) {
            byte[] stdin = System.in.readNBytes(AgentProtocol.MAX_BYTES);
            int status = viaAgent(socket, stdin);
            if (status != AgentProtocol.NOT_HERE) {
                System.exit(status);
            }
            System.setIn(new java.io.ByteArrayInputStream(stdin));
        }
        PluginMain.main(args);
    }

    /** The agent's exit status after printing its stdout, or NOT_HERE when it cannot serve this call. */
    private static int viaAgent(Path socket, byte[] stdin) {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("CNI_") || k.startsWith("NETNS_CNI_")) {
                env.put(k, v);
            }
        });
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            AgentProtocol.writeRequest(out, new AgentProtocol.Request(AgentProtocol.namespaces(env), env, stdin));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            int status = in.readInt();
            if (status == AgentProtocol.NOT_HERE) {
                return status;
            }
            int len = in.readInt();
            if (len < 0 || len > AgentProtocol.MAX_BYTES) {
                return AgentProtocol.NOT_HERE;
            }
            System.out.write(in.readNBytes(len));
            System.out.flush();
            return status;
        } catch (IOException e) {
            return AgentProtocol.NOT_HERE;                   // no agent (stale socket, refused): run here
        }
    }
}
