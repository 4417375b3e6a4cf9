package dev.netns.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link dev.netns.Pod} of the given name into a field or parameter, on the pod network of
 * its scope (see {@link PodNet}): static fields are pods for the whole class, instance fields and
 * parameters pods for one test, removed after it. Several pods on one network reach each other at
 * their {@link dev.netns.Pod#address()}; the same name in one scope is the same pod.
 *
 * {@snippet :
 * @Test
 * void twoPods(@TestPod("client") Pod client, @TestPod("server") Pod server) throws Exception {
 *     try (EchoServer echo = EchoServer.tcp(server.namespace(), 8080)) {
 *         Probes.assertReachable(client.namespace(), server.address(), 8080);
 *     }
 * }
 * }
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface TestPod {

    /** The pod's name, unique in its network (it becomes part of the pod's namespace name). */
    String value();
}
