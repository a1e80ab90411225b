package io.memcached4j.cli.browser;

import io.memcached4j.CasItem;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.cli.format.DecodedValue;
import io.memcached4j.cli.format.ValueDecoder;

import java.util.Optional;

/**
 * A value as read for viewing or editing: its bytes, client flags, TTL left (-1 when it never expires),
 * CAS token, and its decoded form.
 */
record LoadedValue(String key, byte[] value, int flags, long ttl, long cas, DecodedValue decoded) {

    /** Reads a key with meta get (value, flags, TTL and CAS in one request); falls back to {@code gets}. */
    static Optional<LoadedValue> fetch(MemcachedClient client, String key) {
        MetaResponse r;
        try {
            r = client.meta(MetaRequest.get(key).value().cas().clientFlags().ttl().build());
        } catch (RuntimeException e) {
            return client.getWithCas(key).map(LoadedValue::of);
        }
        if (r.isMiss() || !r.isSuccess()) {
            return Optional.empty();
        }
        byte[] v = r.value() == null ? new byte[0] : r.value();
        int flags = (int) Long.parseLong(r.flag('f').orElse("0"));
        long ttl = Long.parseLong(r.flag('t').orElse("-1"));
        return Optional.of(new LoadedValue(key, v, flags, ttl, r.cas().orElse(CasItem.NO_CAS), ValueDecoder.decode(v)));
    }

    static LoadedValue of(CasItem item) {
        return new LoadedValue(item.key(), item.value(), item.flags(), -1, item.cas(), ValueDecoder.decode(item.value()));
    }

    /** @return the expiration to send with a write that keeps the TTL left: 0 for none */
    int keptExpiration() {
        return ttl <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, ttl);
    }
}
