package io.memcached4j.protocol.text.server;

/**
 * The values of a meta command's flags, as memcached's flag pre-parse reads them. Absent
 * numeric flags are {@code null}; booleans are false when the flag is absent.
 *
 * @param quiet {@code q}: suppress the nominal reply
 * @param base64Key {@code b}: the key was base64
 * @param returnValue {@code v}: return the value
 * @param noBump {@code u}: do not bump the item in the LRU
 * @param invalidate {@code I}: invalidate / mark stale
 * @param ttl {@code T}: the raw new time to live
 * @param vivifyTtl {@code N}: vivify on miss with this raw time to live
 * @param recacheTtl {@code R}: the raw recache threshold
 * @param clientFlags {@code F}: the client flags, 0 when absent
 * @param compareCas {@code C}: the CAS value to compare
 * @param mode {@code M}: the mode character, 0 when absent
 * @param initial {@code J}: the initial value of {@code ma}, 0 when absent
 * @param delta {@code D}: the delta of {@code ma}
 */
public record MetaOptions(boolean quiet, boolean base64Key, boolean returnValue, boolean noBump, boolean invalidate,
                          Integer ttl, Integer vivifyTtl, Integer recacheTtl, int clientFlags, Long compareCas,
                          char mode, long initial, Long delta) {
}
