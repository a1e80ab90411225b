/**
 * The API module's own machinery, not for applications: how a provider is chosen
 * ({@link io.memcached4j.internal.Providers}), shared with client-core's codec lookup, and the items
 * a decoder makes under its request's keys ({@link io.memcached4j.internal.TrustedItems}). Exported
 * only to {@code io.memcached4j.core} and {@code io.memcached4j.protocol.text}.
 */
package io.memcached4j.internal;
