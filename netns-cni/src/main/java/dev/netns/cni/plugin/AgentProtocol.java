package dev.netns.cni.plugin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's wire format over its unix socket, plain {@code DataOutput} so the client loads almost
 * nothing: a request is where the caller stands (its network namespace, and the identity of the
 * file {@code CNI_NETNS} names, as the caller sees it), its {@code CNI_*} and
 * {@code NETNS_CNI_*} variables and its stdin; a reply is the exit status and stdout. Status
 * {@link #NOT_HERE} means the agent lives in other namespaces than the caller, who then runs the
 * plugin itself.
 */
final class AgentProtocol {
    static final int NOT_HERE = -1;
    static final int MAX_BYTES = 2 << 20;
    static final Path DEFAULT_SOCKET = Path.of("/run/netns-cni/agent.sock");

    private AgentProtocol() {
    }

    /**
     * "net:[4026531993] netns=DEV:INO": the network namespace a process works in, and the device and
     * inode of the {@code CNI_NETNS} file as it sees it. Caller and agent agree only when the agent
     * would act on the same node namespace and reach the same container namespace by that path
     * (their mount namespaces may differ, as {@code ip netns exec} makes them).
     */
    static String namespaces(Map<String, String> env) throws IOException {
        String netns = env.getOrDefault("CNI_NETNS", "");
        String file = "";
        if (!netns.isEmpty() && Files.exists(Path.of(netns))) {
            file = Files.getAttribute(Path.of(netns), "unix:dev") + ":" + Files.getAttribute(Path.of(netns), "unix:ino");
        }
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")) + " netns=" + file;
    }

    record Request(String namespaces, Map<String, String> env, byte[] stdin) {
    }

    static void writeRequest(DataOutputStream out, Request r) throws IOException {
        out.writeUTF(r.namespaces());
        out.writeInt(r.env().size());
        for (Map.Entry<String, String> e : r.env().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(r.stdin().length);
        out.write(r.stdin());
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        String ns = in.readUTF();
        int n = in.readInt();
        if (n < 0 || n > 64) {
            throw new IOException("agent request: " + n + " environment variables");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            env.put(in.readUTF(), in.readUTF());
        }
        return new Request(ns, env, bytes(in));
    }

    static void writeReply(DataOutputStream out, int status, byte[] stdout) throws IOException {
        out.writeInt(status);
        out.writeInt(stdout.length);
        out.write(stdout);
        out.flush();
    }

    static byte[] bytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_BYTES) {
            throw new IOException("agent message of " + len + " bytes");
        }
        return in.readNBytes(len);
    }
}
