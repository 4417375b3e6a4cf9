package dev.netns.cni.runtime;

import java.time.Duration;

/** A plugin did not finish within the runtime's time-out; it (and what it started) was killed. */
public final class CniTimeoutException extends CniException {
    private static final long serialVersionUID = 1L;

    CniTimeoutException(String context, String plugin, Duration timeout) {
        super(context + ": plugin " + plugin + " did not finish within " + timeout.toMillis() + " ms and was killed");
    }
}
