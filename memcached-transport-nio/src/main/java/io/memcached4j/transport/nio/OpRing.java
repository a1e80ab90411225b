package io.memcached4j.transport.nio;

import java.util.Arrays;
import java.util.function.Consumer;

/** A FIFO of ops with indexed access, as a growable ring; confined to one event loop. */
final class OpRing {
    private Op<?, ?>[] items = new Op<?, ?>[16];
    private int head;
    private int size;

    void add(Op<?, ?> op) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = op;
        size++;
    }

    Op<?, ?> peek() {
        return size == 0 ? null : items[head];
    }

    Op<?, ?> poll() {
        if (size == 0) {
            return null;
        }
        Op<?, ?> op = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return op;
    }

    /**
     * Returns the op at a position counted from the oldest.
     *
     * @param index 0 to {@code size() - 1}
     * @return the op
     */
    Op<?, ?> get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    /**
     * Visits the ops from another thread than the owner, without synchronization: it may see a
     * stale view (an op already removed, or not yet one just added), never a torn op.
     *
     * @param visitor called for each op seen
     */
    void forEachRacy(Consumer<Op<?, ?>> visitor) {
        Op<?, ?>[] a = items;
        int h = head;
        int n = Math.min(size, a.length);
        for (int i = 0; i < n; i++) {
            Op<?, ?> op = a[(h + i) & (a.length - 1)];
            if (op != null) {
                visitor.accept(op);
            }
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        Op<?, ?>[] bigger = new Op<?, ?>[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        Arrays.fill(items, null);
        items = bigger;
        head = 0;
    }
}
