package dev.netns.linux;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.PodNetwork;
import dev.netns.linux.cluster.LinuxCluster;
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

    static Cluster cluster(LinuxNetnsProvider provider, Cluster.Spec spec) throws NetnsException {
        return LinuxCluster.create(provider.namespaces(), spec);
    }

    static PodNetwork podNetwork(LinuxNetnsProvider provider, PodNetwork.Spec spec) throws NetnsException {
        return LinuxPodNetwork.create(provider.namespaces(), spec);
    }
}
