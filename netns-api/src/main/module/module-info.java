/**
 * The netns API: network namespaces, links, addresses, routes and pod networks
 * ({@link dev.netns.NetworkNamespaces}, {@link dev.netns.PodNetwork}), and the service interface an
 * implementation provides ({@link dev.netns.spi.NetnsProvider}), found with {@link java.util.ServiceLoader}.
 */
module dev.netns.api {
    exports dev.netns;
    exports dev.netns.spi;

    uses dev.netns.spi.NetnsProvider;
}
