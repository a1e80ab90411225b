/**
 * {@link io.memcached4j.json.JsonTranscoder}: values stored as JSON text with Jackson databind.
 */
package io.memcached4j.json;
