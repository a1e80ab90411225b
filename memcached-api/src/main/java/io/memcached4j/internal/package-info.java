/**
 * The API module's own machinery, not for applications: how a provider is chosen
 * ({@link io.memcached4j.internal.Providers}), shared with client-core's codec lookup. Exported only
 * to {@code io.memcached4j.core}.
 */
package io.memcached4j.internal;
