/**
 * The Linux implementation of netns (Panama FFM and raw rtnetlink). Exports nothing: applications
 * compile against {@code dev.netns.api} and get this module as the
 * {@link dev.netns.spi.NetnsProvider} service. Needs {@code --enable-native-access=dev.netns.linux}.
 */
module dev.netns.linux {
    requires dev.netns.api;
    requires org.slf4j;

    provides dev.netns.spi.NetnsProvider with dev.netns.linux.LinuxNetnsProvider;
}
