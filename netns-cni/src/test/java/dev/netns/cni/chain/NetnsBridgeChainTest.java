package dev.netns.cni.chain;

import dev.netns.cni.testing.PluginScript;

import java.nio.file.Path;

/** The chain contract with netns-bridge in place of the reference bridge + host-local. */
class NetnsBridgeChainTest extends BridgeChainContract {
    @Override
    String bridgeType() {
        return "netns-bridge";
    }

    @Override
    Path bridgeDirectory() throws Exception {
        return PluginScript.write(sandbox.dir().resolve("netns-bin"));
    }
}
