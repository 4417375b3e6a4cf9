package dev.netns.linux;

import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.linux.ns.NetlinkViews;

/** Connects the layers: which rtnetlink implementation the namespace handles use, and how pod networks are built. */
final class Wiring {
    private Wiring() {
    }

    static NetlinkViews.Factory viewsFactory() {
        return label -> {
            throw new NetnsException("socket", label, "rtnetlink is not wired yet");
        };
    }

    static PodNetwork podNetwork(LinuxNetnsProvider provider, PodNetwork.Spec spec) throws NetnsException {
        throw new NetnsException("create", spec.bridgeName(), "pod networks are not wired yet");
    }
}
