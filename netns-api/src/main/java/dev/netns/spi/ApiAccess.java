package dev.netns.spi;

import dev.netns.MacAddress;
import dev.netns.NamespaceAlreadyExistsException;
import dev.netns.NetnsException;
import dev.netns.NetnsPermissionException;
import dev.netns.NoSuchLinkException;
import dev.netns.NoSuchNamespaceException;

/**
 * The one way from this package into what {@code dev.netns} keeps non-public (the exceptions'
 * full constructors, the link value rules). Extended exactly once, by a package-private class of
 * netns-api itself; neither providers nor applications extend or call it — providers use
 * {@link NetnsExceptions} and {@link LinkRules}.
 */
public abstract class ApiAccess {
    private static final String IMPLEMENTATION = "dev.netns.SpiAccess";
    private static volatile ApiAccess installed;

    /** Only netns-api's own implementation may be made. */
    protected ApiAccess() {
        Class<?> type = getClass();
        if (!type.getName().equals(IMPLEMENTATION) || type.getClassLoader() != ApiAccess.class.getClassLoader()
                || type.getModule() != ApiAccess.class.getModule()) {
            throw new IllegalStateException("ApiAccess is implemented by netns-api only, not by " + type.getName());
        }
    }

    /** Called once, by the implementation's class initializer. */
    protected static void install(ApiAccess access) {
        if (installed != null) {
            throw new IllegalStateException("ApiAccess is already installed");
        }
        installed = access;
    }

    static ApiAccess get() {
        ApiAccess access = installed;
        if (access == null) {
            try {
                Class.forName(IMPLEMENTATION, true, ApiAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("netns-api is incomplete: " + IMPLEMENTATION + " is missing", e);
            }
            access = installed;
        }
        return access;
    }

    protected abstract NetnsException exception(String operation, String object, int errno, String errnoName,
                                                 String description, String kernelMessage, Throwable cause);

    protected abstract NetnsPermissionException permission(String operation, String object, int errno, String errnoName,
                                                           String description, String kernelMessage, String capability);

    protected abstract NamespaceAlreadyExistsException alreadyExists(String operation, String object, int errno,
                                                                     String errnoName, String description, String kernelMessage);

    protected abstract NoSuchNamespaceException noSuchNamespace(String operation, String object, int errno,
                                                                String errnoName, String description, String kernelMessage);

    protected abstract NoSuchLinkException noSuchLink(String operation, String object, int errno, String errnoName,
                                                      String description, String kernelMessage);

    protected abstract int checkMtu(int mtu);

    protected abstract MacAddress checkMac(MacAddress mac);
}
