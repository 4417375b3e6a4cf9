package dev.netns.cni.chain;

import dev.netns.cni.testing.DebianPackages;

import java.nio.file.Path;

/** The chain contract with the reference Go {@code bridge} + {@code host-local} (Debian's containernetworking-plugins). */
class ReferenceBridgeChainTest extends BridgeChainContract {
    @Override
    String bridgeType() {
        return "bridge";
    }

    @Override
    Path bridgeDirectory() {
        return DebianPackages.referencePlugins();
    }
}
