package dev.netns.cni.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values of the well-known capability arguments (CNI CONVENTIONS), ready for
 * {@link Attachment#withCapability(String, Object)}.
 */
public final class Capabilities {
    /** The capability the reference {@code portmap} plugin declares. */
    public static final String PORT_MAPPINGS = "portMappings";
    /** The capability the reference {@code bandwidth} plugin declares. */
    public static final String BANDWIDTH = "bandwidth";

    private Capabilities() {
    }

    /** One {@code portMappings} entry: host port to container port, {@code tcp} or {@code udp}. */
    public static Map<String, Object> portMapping(int hostPort, int containerPort, String protocol) {
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("ports must be 1..65535: " + hostPort + ", " + containerPort);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostPort", hostPort);
        m.put("containerPort", containerPort);
        m.put("protocol", protocol);
        return m;
    }

    /** The {@code bandwidth} value: rates in bits per second, bursts in bits. */
    public static Map<String, Object> bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ingressRate", ingressRate);
        m.put("ingressBurst", ingressBurst);
        m.put("egressRate", egressRate);
        m.put("egressBurst", egressBurst);
        return m;
    }
}
