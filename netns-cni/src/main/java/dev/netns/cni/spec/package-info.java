/**
 * The CNI specification's documents as Java values: network configurations and lists, results, the
 * error object and codes, version rules, and their JSON codec (Jackson's streaming core). No value
 * here is {@code null}: absent optional fields are empty {@code Optional}s, lists or strings.
 */
package dev.netns.cni.spec;
