package dev.netns.testkit;

import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.NetworkNamespaces;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JUnit Jupiter extension behind {@link NetnsTest @NetnsTest}: a condition that skips (or, on CI,
 * fails) where namespaces cannot be made, injection of {@link Netns @Netns}, {@link PodNet @PodNet}
 * and {@link TestPod @TestPod} fields and parameters, cleanup by {@link CleanupMode}, and the leak
 * check after each test and each class.
 *
 * {@snippet :
 * @ExtendWith(NetnsExtension.class)      // what @NetnsTest does, with the default settings
 * class LowLevelTest {
 *     @Test
 *     void inside(@Netns NetworkNamespace ns) throws Exception {
 *         ns.run(() -> new ServerSocket(0).close());
 *     }
 * }
 * }
 *
 * <p>Lifecycle: before the first class of the JVM a {@link Sweeper} removes what crashed runs left.
 * Before each class/test it records the state of namespaces, mounts, links, descriptors and threads;
 * after it, it removes what it built (newest first, reporting every failure), then compares. The
 * testkit's own objects are gone (or, when kept for inspection, excluded) by then, so whatever
 * differs is the test's. Configuration parameters (also read as system properties):
 * <ul>
 *   <li>{@value #CLEANUP_KEY}: {@code always} (default), {@code on_success} or {@code never};</li>
 *   <li>{@value #CI_KEY}: {@code true} to fail instead of skip where namespaces are unavailable
 *       (default: the environment variable {@code CI});</li>
 *   <li>{@value #IGNORE_KEY}: a regular expression of namespace names other tools on the machine
 *       create, which the leak check then ignores.</li>
 * </ul>
 */
public final class NetnsExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** Configuration parameter: the default {@link CleanupMode}. */
    public static final String CLEANUP_KEY = "netns.testkit.cleanup";
    /** Configuration parameter overriding the {@code CI} environment variable. */
    public static final String CI_KEY = "netns.testkit.ci";
    /**
     * Configuration parameter: a regular expression of namespace names the leak check ignores, for
     * machines where other tools create named namespaces while tests run (default: none).
     */
    public static final String IGNORE_KEY = "netns.testkit.leakcheck.ignore";
    /** Report entry key naming what was kept for inspection. */
    public static final String KEPT_ENTRY = "netns.kept";

    private static final Logger LOG = LoggerFactory.getLogger(NetnsExtension.class);
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);
    private static final String SCOPE = "scope";
    private static final String BEFORE = "before";
    private static final String FAILED = "failed";
    /** Scopes kept for inspection: they stay until the JVM exits and are never anyone's leak. */
    private static final List<Scope> KEPT = new CopyOnWriteArrayList<>();
    private static final Pattern NOTHING = Pattern.compile("(?!)");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = NetworkNamespaces.unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("network namespaces are available");
        }
        if (ci(context)) {
            return ConditionEvaluationResult.enabled("network namespaces are unavailable, but CI is true: failing, not skipping");
        }
        return ConditionEvaluationResult.disabled("network namespaces are unavailable: " + reason.get());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<String> reason = NetworkNamespaces.unavailableReason();
        if (reason.isPresent()) {
            // only reached when the condition let an unavailable run through: CI
            throw new IllegalStateException("network namespace tests cannot run here, and CI is true, so they fail "
                    + "instead of being skipped: " + reason.get());
        }
        Sweeper.once();
        ExtensionContext.Store store = context.getStore(STORE);
        Scope parent = enclosingScope(context);
        if (settings(context).leakCheck()) {
            store.put(BEFORE, Snapshot.take(namespacesOf(parent)));
        }
        Scope scope = new Scope("class " + context.getRequiredTestClass().getSimpleName(), parent);
        store.put(SCOPE, scope);
        store.put(FAILED, new AtomicBoolean());
        Injection.injectStatic(context.getRequiredTestClass(), scope);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getStore(STORE);
        Scope classScope = enclosingScope(context);
        if (settings(context).leakCheck()) {
            store.put(BEFORE, Snapshot.take(namespacesOf(classScope)));
        }
        Scope scope = new Scope("test " + context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName(),
                classScope);
        store.put(SCOPE, scope);
        Injection.declareTestNetwork(context, scope);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            Injection.injectInstance(instance, scope);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        boolean failed = context.getExecutionException().isPresent();
        if (failed) {
            context.getParent().map(p -> p.getStore(STORE).get(FAILED, AtomicBoolean.class)).ifPresent(f -> f.set(true));
        }
        finish(context, failed);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        AtomicBoolean anyFailed = context.getStore(STORE).get(FAILED, AtomicBoolean.class);
        finish(context, context.getExecutionException().isPresent() || (anyFailed != null && anyFailed.get()));
    }

    /** Cleanup (or keep), then the leak check; every problem is reported, the first thrown. */
    private void finish(ExtensionContext context, boolean failed) throws Exception {
        ExtensionContext.Store store = context.getStore(STORE);
        Scope scope = store.remove(SCOPE, Scope.class);
        Snapshot before = store.remove(BEFORE, Snapshot.class);
        List<Throwable> problems = new ArrayList<>();
        if (scope != null && !scope.isEmpty()) {
            CleanupMode mode;
            try {
                mode = cleanupMode(context);
            } catch (IllegalArgumentException e) {
                problems.add(e); // a bad setting must not leave the test's objects behind
                mode = CleanupMode.ALWAYS;
            }
            if (mode == CleanupMode.NEVER || (mode == CleanupMode.ON_SUCCESS && failed)) {
                KEPT.add(scope);
                String kept = "kept after " + scope.label() + " (cleanup " + mode + (failed ? ", failed" : "") + "): "
                        + String.join(" | ", scope.keep());
                // the report entry reaches IDEs and reports; the log reaches a console whatever the launcher
                context.publishReportEntry(KEPT_ENTRY, kept);
                LOG.warn("{}", kept);
            } else {
                try {
                    scope.close();
                } catch (Exception e) {
                    problems.add(e);
                }
            }
        }
        if (before != null) {
            try {
                checkLeaks(context, scope, before);
            } catch (LeakException | Exception e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            Throwable first = problems.getFirst();
            problems.subList(1, problems.size()).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw (Error) first;
        }
    }

    /** Compares with {@code before}; throws the report when something the scope's code made survives. */
    private static void checkLeaks(ExtensionContext context, Scope scope, Snapshot before) throws Exception {
        Pattern ignored = NOTHING;
        Optional<String> regex = setting(context, IGNORE_KEY);
        if (regex.isPresent()) {
            try {
                ignored = Pattern.compile(regex.get());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(IGNORE_KEY + " must be a regular expression: " + e.getMessage(), e);
            }
        }
        Scope holder = enclosingScope(context);
        Pattern ignoring = ignored;
        LeakDetector.Result result = LeakDetector.check(before, () -> exclusions(holder, ignoring));
        if (result.leaks().isEmpty()) {
            return;
        }
        // reported once is enough: the enclosing class's check takes this state as known
        context.getParent().ifPresent(p -> {
            Snapshot outer = p.getStore(STORE).get(BEFORE, Snapshot.class);
            if (outer != null) {
                p.getStore(STORE).put(BEFORE, outer.absorb(result.after()));
            }
        });
        String label = scope != null ? scope.label() : context.getDisplayName();
        throw new LeakException(LeakDetector.report(label, result.leaks()));
    }

    private static LeakDetector.Exclusions exclusions(Scope holder, Pattern ignored) {
        Set<String> names = new HashSet<>();
        Set<Long> inodes = new HashSet<>();
        Set<String> nodeLinks = new HashSet<>();
        for (Scope s = holder; s != null; s = s.parent()) {
            s.collect(names, inodes);
            nodeLinks.addAll(s.expectedNodeLinks());
        }
        for (Scope kept : KEPT) {
            kept.collect(names, inodes);
        }
        return new LeakDetector.Exclusions(names, inodes, nodeLinks, namespacesOf(holder), ignored);
    }

    /** Live namespaces of a scope and its ancestors: the ones that outlive a test or nested class. */
    private static List<NetworkNamespace> namespacesOf(Scope scope) {
        List<NetworkNamespace> all = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.parent()) {
            all.addAll(s.namespaces());
        }
        return all;
    }

    /** The scope of the nearest enclosing class context, or null. */
    private static Scope enclosingScope(ExtensionContext context) {
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            Scope s = c.get().getStore(STORE).get(SCOPE, Scope.class);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter p = parameterContext.getParameter();
        return p.isAnnotationPresent(Netns.class) || p.isAnnotationPresent(PodNet.class) || p.isAnnotationPresent(TestPod.class)
                || p.isAnnotationPresent(TestCluster.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Scope scope = extensionContext.getStore(STORE).get(SCOPE, Scope.class);
        if (scope == null) {
            throw new ParameterResolutionException("netns parameters need @NetnsTest on the class: no scope for "
                    + parameterContext.getParameter());
        }
        try {
            return Injection.valueFor(parameterContext.getParameter(), parameterContext.getParameter().getType(),
                    "parameter " + parameterContext.getIndex() + " of "
                            + parameterContext.getDeclaringExecutable().getName(), scope);
        } catch (NetnsException e) {
            throw new ParameterResolutionException("cannot create " + parameterContext.getParameter() + ": " + e.getMessage(), e);
        }
    }

    private static NetnsTest settings(ExtensionContext context) {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            NetnsTest a = c.getAnnotation(NetnsTest.class);
            if (a != null) {
                return a;
            }
        }
        return Defaults.class.getAnnotation(NetnsTest.class);
    }

    /** Holds the defaults for classes that register the extension with {@code @ExtendWith} alone. */
    @NetnsTest
    private static final class Defaults {
    }

    static CleanupMode cleanupMode(ExtensionContext context) {
        CleanupMode declared = settings(context).cleanup();
        if (declared != CleanupMode.DEFAULT) {
            return declared;
        }
        Optional<String> configured = setting(context, CLEANUP_KEY);
        if (configured.isEmpty()) {
            return CleanupMode.ALWAYS;
        }
        String v = configured.get().strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            CleanupMode mode = CleanupMode.valueOf(v);
            return mode == CleanupMode.DEFAULT ? CleanupMode.ALWAYS : mode;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CLEANUP_KEY + " must be always, on_success or never, not \""
                    + configured.get() + "\"", e);
        }
    }

    /** A configuration parameter, else the system property of that name (not every launcher passes those on). */
    private static Optional<String> setting(ExtensionContext context, String key) {
        return context.getConfigurationParameter(key).or(() -> Optional.ofNullable(System.getProperty(key)));
    }

    static boolean ci(ExtensionContext context) {
        return setting(context, CI_KEY).or(() -> Optional.ofNullable(System.getenv("CI")))
                .map(v -> v.strip().equalsIgnoreCase("true"))
                .orElse(false);
    }

    /** The leak check's failure: a test left something behind. */
    public static final class LeakException extends AssertionError {
        private static final long serialVersionUID = 1L;

        LeakException(String message) {
            super(message);
        }
    }
}
