/**
 * Independent witnesses of kernel state for tests (iproute2's {@code ip -j}, /proc), bounded
 * command runs, and sandbox node namespaces whose leftovers are swept:
 * {@link dev.netns.witness.Commands}, {@link dev.netns.witness.Ip}, {@link dev.netns.witness.Proc},
 * {@link dev.netns.witness.Owner}, {@link dev.netns.witness.SandboxNode}, and the JSON reader
 * behind them, {@link dev.netns.witness.Json}.
 */
module dev.netns.witness {
    requires transitive dev.netns.api;
    requires com.fasterxml.jackson.core;

    exports dev.netns.witness;
}
