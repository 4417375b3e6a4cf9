package dev.netns;

import dev.netns.spi.ApiAccess;

/** Hands the SPI what this package keeps non-public; see {@link ApiAccess}. */
final class SpiAccess extends ApiAccess {
    static {
        install(new SpiAccess());
    }

    private SpiAccess() {
    }

    @Override
    protected NetnsException exception(String operation, String object, int errno, String errnoName,
                                       String description, String kernelMessage, Throwable cause) {
        return new NetnsException(operation, object, errno, errnoName, description, kernelMessage, cause);
    }

    @Override
    protected NetnsPermissionException permission(String operation, String object, int errno, String errnoName,
                                                  String description, String kernelMessage, String capability) {
        return new NetnsPermissionException(operation, object, errno, errnoName, description, kernelMessage, capability);
    }

    @Override
    protected NamespaceAlreadyExistsException alreadyExists(String operation, String object, int errno,
                                                            String errnoName, String description, String kernelMessage) {
        return new NamespaceAlreadyExistsException(operation, object, errno, errnoName, description, kernelMessage);
    }

    @Override
    protected NoSuchNamespaceException noSuchNamespace(String operation, String object, int errno,
                                                       String errnoName, String description, String kernelMessage) {
        return new NoSuchNamespaceException(operation, object, errno, errnoName, description, kernelMessage);
    }

    @Override
    protected NoSuchLinkException noSuchLink(String operation, String object, int errno, String errnoName,
                                             String description, String kernelMessage) {
        return new NoSuchLinkException(operation, object, errno, errnoName, description, kernelMessage);
    }

    @Override
    protected int checkMtu(int mtu) {
        return LinkChecks.checkMtu(mtu);
    }

    @Override
    protected MacAddress checkMac(MacAddress mac) {
        return LinkChecks.checkMac(mac);
    }
}
