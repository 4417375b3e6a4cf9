package dev.netns.linux;

import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.linux.ns.NetlinkViews;
import dev.netns.linux.pod.LinuxPodNetwork;
import dev.netns.linux.rtnl.RtnlSession;

/** Connects the layers: which rtnetlink implementation the namespace handles use, and how pod networks are built. */
final class Wiring {
    private Wiring() {
    }

    static NetlinkViews.Factory viewsFactory() {
        return RtnlSession::openInCurrentNamespace;
    }

    static PodNetwork podNetwork(LinuxNetnsProvider provider, PodNetwork.Spec spec) throws NetnsException {
        return LinuxPodNetwork.create(provider.namespaces(), spec);
    }

    static PodNetwork openPodNetwork(LinuxNetnsProvider provider, PodNetwork.Spec spec) throws NetnsException {
        return LinuxPodNetwork.open(provider.namespaces(), spec);
    }
}
