/**
 * The {@code netns-bridge} CNI plugin: {@link dev.netns.cni.plugin.Client} is the launcher's entry
 * point (one call, handed to a resident {@code Agent} when one serves this node, else run here by
 * {@link dev.netns.cni.plugin.PluginMain}); the commands compose the durable
 * {@link dev.netns.PodNetwork} of {@code netns-api} only.
 */
package dev.netns.cni.plugin;
