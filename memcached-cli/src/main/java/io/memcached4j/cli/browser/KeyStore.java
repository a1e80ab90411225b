package io.memcached4j.cli.browser;

import io.memcached4j.KeyInfo;
import io.memcached4j.ServerAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys the browser knows, stored compactly so a million of them fit in a few tens of megabytes:
 * key bytes in one arena, metadata in primitive arrays. Append-only (a deleted key is marked);
 * writers synchronise, readers take a {@link Snapshot} whose first {@code count} entries never change
 * except for the deleted mark and the size, written by single byte or int stores.
 */
final class KeyStore {
    static final int NEVER = 0;

    private final List<ServerAddress> servers = new ArrayList<>();
    private byte[] arena;
    private int arenaUsed;
    private int[] offsets;
    private int[] sizes;
    private int[] expiries;
    private int[] accesses;
    private byte[] slabs;
    private byte[] serverOf;
    private byte[] deleted;
    private int count;
    private int deletedCount;
    private Snapshot snapshot;

    KeyStore() {
        this(1024, 1 << 16);
    }

    /** A store sized for {@code keys} keys of {@code keyBytes} bytes in all, so that filling it copies nothing. */
    KeyStore(int keys, int keyBytes) {
        int n = Math.max(16, keys);
        arena = new byte[Math.max(16, keyBytes)];
        offsets = new int[n + 1];
        sizes = new int[n];
        expiries = new int[n];
        accesses = new int[n];
        slabs = new byte[n];
        serverOf = new byte[n];
        deleted = new byte[n];
        snapshot = new Snapshot(this, 0);
    }

    /**
     * Numbers these servers first, in this order (the client's), so that a server's number, which the
     * server filter holds, is the same in every store of one browser whatever order the keys arrive in.
     *
     * @param known the servers
     * @return this store
     */
    synchronized KeyStore withServers(List<ServerAddress> known) {
        for (ServerAddress s : known) {
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }
        return this;
    }

    /** Appends a key with its metadata from a dump. */
    synchronized int add(KeyInfo info) {
        return add(info.key(), info.size(), info.expiration().map(i -> (int) i.getEpochSecond()).orElse(NEVER),
                (int) info.lastAccess().getEpochSecond(), info.slabClass(), info.server());
    }

    /** Appends a key; expiry and access are epoch seconds, expiry {@link #NEVER} for none. */
    synchronized int add(String key, int size, int expiry, int access, int slab, ServerAddress server) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (arenaUsed + k.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + k.length));
        }
        if (count == sizes.length) {
            int n = sizes.length * 2;
            offsets = Arrays.copyOf(offsets, n + 1);
            sizes = Arrays.copyOf(sizes, n);
            expiries = Arrays.copyOf(expiries, n);
            accesses = Arrays.copyOf(accesses, n);
            slabs = Arrays.copyOf(slabs, n);
            serverOf = Arrays.copyOf(serverOf, n);
            deleted = Arrays.copyOf(deleted, n);
        }
        System.arraycopy(k, 0, arena, arenaUsed, k.length);
        offsets[count] = arenaUsed;
        arenaUsed += k.length;
        offsets[count + 1] = arenaUsed;
        sizes[count] = size;
        expiries[count] = expiry;
        accesses[count] = access;
        slabs[count] = (byte) slab;
        serverOf[count] = (byte) serverIndex(server);
        return count++;
    }

    private int serverIndex(ServerAddress server) {
        int i = servers.indexOf(server);
        if (i < 0) {
            servers.add(server);
            i = servers.size() - 1;
        }
        return i;
    }

    synchronized void markDeleted(int index) {
        if (deleted[index] == 0) {
            deletedCount++;
        }
        deleted[index] = 1;
    }

    synchronized void setSize(int index, int size) {
        sizes[index] = size;
    }

    /** @return a consistent view of the keys stored so far */
    synchronized Snapshot snapshot() {
        if (snapshot.count != count || snapshot.arena != arena || snapshot.servers.size() != servers.size()
                || snapshot.deletedCount != deletedCount) {
            snapshot = new Snapshot(this, count);
        }
        return snapshot;
    }

    /** @return the bytes the arrays hold (capacity), for memory reports */
    synchronized long footprintBytes() {
        return arena.length + (long) sizes.length * (4 * 4 + 3);
    }

    /** A read-only view of the first {@code count} keys. */
    static final class Snapshot {
        final byte[] arena;
        final int[] offsets;
        final int[] sizes;
        final int[] expiries;
        final int[] accesses;
        final byte[] slabs;
        final byte[] serverOf;
        final byte[] deleted;
        final List<ServerAddress> servers;
        final int count;
        final int deletedCount;

        private Snapshot(KeyStore s, int count) {
            this.deletedCount = s.deletedCount;
            this.arena = s.arena;
            this.offsets = s.offsets;
            this.sizes = s.sizes;
            this.expiries = s.expiries;
            this.accesses = s.accesses;
            this.slabs = s.slabs;
            this.serverOf = s.serverOf;
            this.deleted = s.deleted;
            this.servers = List.copyOf(s.servers);
            this.count = count;
        }

        int count() {
            return count;
        }

        int deletedCount() {
            return deletedCount;
        }

        boolean isDeleted(int i) {
            return deleted[i] != 0;
        }

        int keyStart(int i) {
            return offsets[i];
        }

        int keyLength(int i) {
            return offsets[i + 1] - offsets[i];
        }

        String key(int i) {
            return new String(arena, offsets[i], keyLength(i), StandardCharsets.UTF_8);
        }

        int size(int i) {
            return sizes[i];
        }

        int expiry(int i) {
            return expiries[i];
        }

        int access(int i) {
            return accesses[i];
        }

        int slab(int i) {
            return slabs[i] & 0xff;
        }

        ServerAddress server(int i) {
            return servers.get(serverOf[i] & 0xff);
        }

        int serverIndex(int i) {
            return serverOf[i] & 0xff;
        }

        /** Compares two keys by their bytes, unsigned. */
        int compare(int a, int b) {
            return Arrays.compareUnsigned(arena, offsets[a], offsets[a + 1], arena, offsets[b], offsets[b + 1]);
        }

        /** @return the index of a key, -1 when absent or deleted (a linear scan) */
        int indexOf(String key) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            for (int i = count - 1; i >= 0; i--) {
                if (keyLength(i) == k.length && !isDeleted(i)
                        && Arrays.equals(arena, offsets[i], offsets[i + 1], k, 0, k.length)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
