package dev.netns.benchmarks;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.witness.Owner;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-invocation fixture of the named-create benchmarks: a fresh name before each call, and the
 * namespace the call made ({@link #created}) closed and deleted after it, outside the measurement.
 * JMH runs the {@code @Setup}/{@code @TearDown} methods of a state's superclasses too.
 */
public abstract class NameToCreate {
    String name;
    NetworkNamespace created;

    /** The stem of the names, so leftovers tell which benchmark made them. */
    protected abstract String stem();

    @Setup(Level.Invocation)
    public void name() {
        name = Bench.OWNER.uniqueName(stem());
    }

    @TearDown(Level.Invocation)
    public void delete() throws NetnsException {
        if (created != null) {
            created.close();
            created = null;
        }
        Owner.deleteIfPresent(name);
    }
}
