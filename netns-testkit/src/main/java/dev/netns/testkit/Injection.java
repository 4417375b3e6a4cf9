package dev.netns.testkit;

import dev.netns.Cluster;
import dev.netns.NetnsException;
import dev.netns.NetworkNamespace;
import dev.netns.Pod;
import dev.netns.PodNetwork;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;

/**
 * Finds {@link Netns}, {@link PodNet}, {@link TestPod} and {@link TestCluster} declarations and gives them values from a
 * {@link Scope}, checking the declared types. Static fields belong to the class scope, instance
 * fields and parameters to the test scope.
 */
final class Injection {
    private Injection() {
    }

    static void injectStatic(Class<?> testClass, Scope scope) throws NetnsException {
        List<Field> fields = annotatedFields(testClass, true);
        for (Field f : fields) {
            if (f.isAnnotationPresent(PodNet.class)) {
                scope.declare(NetSpec.of(f.getAnnotation(PodNet.class)));
            }
        }
        for (Field f : fields) {
            set(f, null, scope);
        }
    }

    static void injectInstance(Object instance, Scope scope) throws NetnsException {
        for (Field f : annotatedFields(instance.getClass(), false)) {
            set(f, instance, scope);
        }
    }

    /** Declares the test's own {@code @PodNet} (instance field or test parameter) before anything asks for a pod. */
    static void declareTestNetwork(ExtensionContext context, Scope scope) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field f : annotatedFields(instance.getClass(), false)) {
                if (f.isAnnotationPresent(PodNet.class)) {
                    scope.declare(NetSpec.of(f.getAnnotation(PodNet.class)));
                }
            }
        }
        for (Parameter p : context.getRequiredTestMethod().getParameters()) {
            if (p.isAnnotationPresent(PodNet.class)) {
                scope.declare(NetSpec.of(p.getAnnotation(PodNet.class)));
            }
        }
    }

    private static List<Field> annotatedFields(Class<?> type, boolean statics) {
        return ReflectionSupport.findFields(type, f -> Modifier.isStatic(f.getModifiers()) == statics
                && (f.isAnnotationPresent(Netns.class) || f.isAnnotationPresent(PodNet.class) || f.isAnnotationPresent(TestPod.class)
                        || f.isAnnotationPresent(TestCluster.class)),
                HierarchyTraversalMode.TOP_DOWN);
    }

    private static void set(Field f, Object instance, Scope scope) throws NetnsException {
        String where = "field " + f.getDeclaringClass().getSimpleName() + "." + f.getName();
        if (Modifier.isFinal(f.getModifiers())) {
            throw new ExtensionConfigurationException(where + " must not be final to be injected");
        }
        Object value = valueFor(f, f.getType(), where, scope);
        try {
            f.setAccessible(true);
            f.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot inject " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value for one declaration: exactly one of the three annotations, on a matching type. An
     * attribute the SDK refuses (a bridge name over 15 bytes, a bad subnet) is reported with the
     * declaration it came from.
     */
    static Object valueFor(AnnotatedElement element, Class<?> type, String where, Scope scope) throws NetnsException {
        try {
            return create(element, type, where, scope);
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    private static Object create(AnnotatedElement element, Class<?> type, String where, Scope scope) throws NetnsException {
        Netns netns = element.getAnnotation(Netns.class);
        PodNet podNet = element.getAnnotation(PodNet.class);
        TestPod testPod = element.getAnnotation(TestPod.class);
        TestCluster testCluster = element.getAnnotation(TestCluster.class);
        int count = (netns != null ? 1 : 0) + (podNet != null ? 1 : 0) + (testPod != null ? 1 : 0)
                + (testCluster != null ? 1 : 0);
        if (count != 1) {
            throw new ExtensionConfigurationException(where + " carries " + count
                    + " of @Netns, @PodNet, @TestPod, @TestCluster; it must carry exactly one");
        }
        if (testCluster != null) {
            requireType(where, "@TestCluster", type, Cluster.class);
            return scope.newCluster(testCluster);
        }
        if (netns != null) {
            requireType(where, "@Netns", type, NetworkNamespace.class);
            return scope.newNamespace(netns.named());
        }
        if (podNet != null) {
            requireType(where, "@PodNet", type, PodNetwork.class);
            return scope.network(NetSpec.of(podNet));
        }
        requireType(where, "@TestPod", type, Pod.class);
        if (testPod.value().isEmpty()) {
            throw new ExtensionConfigurationException(where + ": @TestPod needs a pod name, e.g. @TestPod(\"a\")");
        }
        return scope.pod(testPod.value());
    }

    private static void requireType(String where, String annotation, Class<?> actual, Class<?> wanted) {
        if (actual != wanted) {
            throw new ExtensionConfigurationException(annotation + " " + where + " must have type "
                    + wanted.getSimpleName() + ", not " + actual.getSimpleName());
        }
    }
}
