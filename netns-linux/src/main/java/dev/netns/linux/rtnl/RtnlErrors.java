package dev.netns.linux.rtnl;

import dev.netns.NetnsException;
import dev.netns.linux.ffi.Failures;
import dev.netns.linux.netlink.MalformedMessageException;
import dev.netns.linux.netlink.NetlinkException;

/**
 * The API boundary of the engine: a {@link NetlinkException} becomes the public
 * {@link NetnsException} subclass ({@code ENODEV} → {@code NoSuchLinkException}, {@code EPERM} →
 * {@code NetnsPermissionException} naming {@code CAP_NET_ADMIN}, ...), with the kernel's message.
 */
final class RtnlErrors {
    private RtnlErrors() {
    }

    static NetnsException translate(NetlinkException e) {
        NetnsException x = e.errno() == 0
                ? new NetnsException(e.operation(), e.object(), e.description(), e)
                : Failures.of(e.operation(), e.object(), e.errno(), e.kernelMessage().orElse(null), Failures.Subject.LINK);
        if (x.getCause() == null) {
            x.initCause(e);
        }
        return x;
    }

    static NetnsException malformed(String operation, String object, MalformedMessageException e) {
        return new NetnsException(operation, object, "malformed reply: " + e.getMessage(), e);
    }
}
