package io.memcached4j.transport.nio;

import io.memcached4j.CasItem;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Get merging: single-key gets that wait in a connection's backlog one after another go out as one
 * multi-key {@code get k1 k2 …}, which memcached answers in one pass. Each get keeps its own slot,
 * deadline and future; the batch's reply gives each its own item or miss, and a failure of the
 * batch fails each. The keys of a batch are distinct (a repeated key starts the next batch), so the
 * decoder's check that the {@code VALUE} lines name the requested keys in order holds as for any
 * multi-get, and order per key is kept: batches go out in backlog order, and a request of another
 * kind ends a batch. Write side, except {@link #complete} (loop thread).
 */
final class GetBatch {
    /** The most keys in one batch: a line memcached reads in one go, and a reply that does not hold back the first get long. */
    static final int MAX_KEYS = 32;

    private GetBatch() {
    }

    /**
     * Counts the gets at the head of a backlog that go out together.
     *
     * @return how many ops from the head form a batch; below 2 when the head goes out alone
     */
    static int count(OpRing backlog) {
        Op<?, ?> head = backlog.peek();
        RetrievalCommand command = mergeable(head);
        if (command == null) {
            return 0;
        }
        int size = Math.min(backlog.size(), MAX_KEYS);
        if (size < 2) {
            return 1;
        }
        int[] hashes = new int[size]; // compared before the keys: a batch of n costs n hashes, not n² key comparisons
        hashes[0] = key(head).hashCode();
        int n = 1;
        for (; n < size; n++) {
            Op<?, ?> op = backlog.get(n);
            if (mergeable(op) != command) {
                break;
            }
            String key = key(op);
            int hash = key.hashCode();
            if (repeats(backlog, hashes, n, key, hash)) {
                break;
            }
            hashes[n] = hash;
        }
        return n;
    }

    /**
     * Makes the batch of the first {@code n} ops of a backlog, which stay in it.
     *
     * @param n at least 2, as {@link #count} gave
     */
    static Op<?, ?> of(OpRing backlog, int n) {
        Op<?, ?>[] members = new Op<?, ?>[n];
        String[] keys = new String[n];
        long deadline = backlog.get(0).deadline;
        for (int i = 0; i < n; i++) {
            Op<?, ?> op = backlog.get(i);
            members[i] = op;
            keys[i] = key(op);
            if (op.deadline - deadline > 0) {
                deadline = op.deadline;
            }
        }
        Request.Retrieval head = (Request.Retrieval) members[0].request;
        return new Op<>(new Request.Retrieval(head.command(), List.of(keys), 0), null, members, deadline);
    }

    /**
     * Hands each member of a batch its own reply from the batch's: its item, or a miss.
     *
     * @param reply the decoded reply to the batch's request: the items found, in key order
     * @param complete completes a member with its reply (as a single-key get's), or with a timeout when late
     */
    static void distribute(Op<?, ?> batch, Object reply, BiConsumer<Op<?, ?>, List<CasItem>> complete) {
        @SuppressWarnings("unchecked") // the decoder's reply to a Retrieval
        List<CasItem> items = (List<CasItem>) reply;
        int next = 0;
        for (Op<?, ?> member : batch.members) {
            List<CasItem> own = List.of();
            if (next < items.size() && items.get(next).key().equals(key(member))) {
                own = List.of(items.get(next++));
            }
            complete.accept(member, own);
        }
        batch.complete(null);
    }

    /** @return whether a request may be merged with others: a single-key get or gets not yet done */
    static boolean mayMerge(Op<?, ?> op) {
        return mergeable(op) != null;
    }

    /** @return the command of a single-key get or gets that is not done; null for any other op */
    private static RetrievalCommand mergeable(Op<?, ?> op) {
        if (op.members == null && !op.isDone() && op.request instanceof Request.Retrieval r && r.keys().size() == 1) {
            RetrievalCommand command = r.command();
            return command == RetrievalCommand.GET || command == RetrievalCommand.GETS ? command : null;
        }
        return null;
    }

    /** @return whether one of the first {@code n} ops of the backlog, whose keys hash to {@code hashes}, has this key */
    private static boolean repeats(OpRing backlog, int[] hashes, int n, String key, int hash) {
        for (int i = 0; i < n; i++) {
            if (hashes[i] == hash && key(backlog.get(i)).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String key(Op<?, ?> op) {
        return ((Request.Retrieval) op.request).keys().get(0);
    }
}
