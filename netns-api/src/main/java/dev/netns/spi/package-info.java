/**
 * The service provider interface between {@code netns-api} and an implementation
 * ({@code netns-linux}). Not for applications.
 */
package dev.netns.spi;
