package io.memcached4j.core;

import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.MemcachedException;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.StoreResult;

import java.util.List;
import java.util.Optional;

/** The shared, stateless {@link ReplyMapper}s of the API methods. */
final class Replies {
    private Replies() {
    }

    static <D> ReplyMapper<D, D> identity() {
        return (request, reply) -> reply;
    }

    static <D> ReplyMapper<D, Void> ignore() {
        return (request, reply) -> null;
    }

    static final ReplyMapper<List<CasItem>, Optional<Item>> ITEM =
            (request, items) -> items.isEmpty() ? Optional.empty() : Optional.of(items.get(0).toItem());

    static final ReplyMapper<List<CasItem>, Optional<CasItem>> CAS_ITEM =
            (request, items) -> items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));

    /** {@code set}: anything but {@code STORED} is a failure. */
    static final ReplyMapper<StoreResult, Void> STORED = (request, result) -> {
        if (result != StoreResult.STORED) {
            throw new MemcachedException("memcached did not store " + key(request) + ": " + result);
        }
        return null;
    };

    /** {@code add}, {@code replace}, {@code append}, {@code prepend}: {@code NOT_STORED} is false. */
    static final ReplyMapper<StoreResult, Boolean> STORED_OR_NOT = (request, result) -> {
        if (result == StoreResult.STORED) {
            return Boolean.TRUE;
        }
        if (result == StoreResult.NOT_STORED) {
            return Boolean.FALSE;
        }
        throw new MemcachedException("unexpected reply " + result + " to a store of " + key(request));
    };

    /** {@code cas}: {@code EXISTS} and {@code NOT_FOUND} are exceptions naming the key. */
    static final ReplyMapper<StoreResult, Void> CAS = (request, result) -> {
        String key = request.routingKey();
        switch (result) {
            case STORED:
                return null;
            case EXISTS:
                throw new CasConflictException(key, "compare-and-swap of " + key + " lost: the item changed since it was read");
            case NOT_FOUND:
                throw new CacheMissException(key, "compare-and-swap of " + key + " failed: the item is gone");
            default:
                throw new MemcachedException("compare-and-swap of " + key + " was not stored: " + result);
        }
    };

    private static String key(Request<?> request) {
        String key = request.routingKey();
        return key == null ? "the item" : "\"" + key + "\"";
    }
}
