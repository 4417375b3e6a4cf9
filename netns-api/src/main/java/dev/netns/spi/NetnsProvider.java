package dev.netns.spi;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.PodNetwork;
import dev.netns.StrayThread;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The service an implementation of netns provides, found with {@link ServiceLoader}. Applications
 * do not call it: they use {@link dev.netns.NetworkNamespaces}, {@link dev.netns.VethPair} and
 * {@link PodNetwork}. Names passed in have already been checked by the API.
 */
public interface NetnsProvider {

    /** Empty when this provider can work in this JVM on this machine, otherwise one sentence on what to do. */
    Optional<String> unavailableReason();

    /** @see dev.netns.NetworkNamespaces#create(String) */
    NetworkNamespace create(String name) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#create() */
    NetworkNamespace createAnonymous() throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#open(String) */
    NetworkNamespace open(String name) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#open(Path) */
    NetworkNamespace open(Path nsfsPath) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#ofPid(long) */
    NetworkNamespace ofPid(long pid) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#current() */
    NetworkNamespace current() throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#list() */
    List<String> list() throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#exists(String) */
    boolean exists(String name) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#delete(String) */
    void delete(String name) throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#strayThreads() */
    List<StrayThread> strayThreads() throws NetnsException;

    /** @see dev.netns.NetworkNamespaces#runDirectory() */
    Path runDirectory();

    /** Builds a pod network from a validated specification. @see PodNetwork.Builder#create() */
    PodNetwork createPodNetwork(PodNetwork.Spec spec) throws NetnsException;

    /**
     * Attaches to or creates a durable pod network; the specification's state directory is
     * present (the builder fills in the default). @see PodNetwork.Builder#open()
     */
    PodNetwork openPodNetwork(PodNetwork.Spec spec) throws NetnsException;

    /**
     * Builds a cluster from a validated specification. @see dev.netns.Cluster.Builder#create()
     *
     * @throws UnsupportedOperationException from providers that do not build clusters (this default)
     */
    default Cluster createCluster(Cluster.Spec spec) throws NetnsException {
        throw new UnsupportedOperationException(getClass().getName() + " does not build clusters");
    }
}
