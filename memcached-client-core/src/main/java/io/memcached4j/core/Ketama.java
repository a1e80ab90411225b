package io.memcached4j.core;

import io.memcached4j.ServerAddress;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ketama consistent hashing, point for point the ring of spymemcached's {@code KetamaNodeLocator}
 * in its default configuration: {@code KETAMA_HASH} (MD5), 160 points per server made of 40
 * digests of {@code "<node key>-<i>"} with 4 points each, the node key being
 * {@code String.valueOf(InetSocketAddress)} without a leading {@code /}, and a key owned by the
 * first point at or after its hash, wrapping around. Immutable and thread-safe.
 *
 * <p>The client ({@link DispatchingClient}) routes every key with it, whatever the transport, so the in-memory fake
 * places keys on the same servers as the network transport does.
 */
public final class Ketama {
    static final int DIGESTS_PER_NODE = 40;
    private static final int POINTS_PER_DIGEST = 4;

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    });

    private final long[] points;
    private final int[] owners;

    /**
     * Builds the ring of a client's servers, resolving each host name once as spymemcached does
     * (a name that does not resolve keeps its unresolved form, so the ring is still stable).
     *
     * @param servers the servers in configuration order
     * @return the ring
     * @throws IllegalArgumentException when there are no servers
     */
    public static Ketama of(List<ServerAddress> servers) {
        return new Ketama(servers.stream().map(s -> nodeKey(new InetSocketAddress(s.host(), s.port()))).toList());
    }

    /**
     * Builds the ring.
     *
     * @param nodeKeys the node keys (see {@link #nodeKey}) in server order; later servers win the rare
     *     colliding points, as in spymemcached
     */
    Ketama(List<String> nodeKeys) {
        if (nodeKeys.isEmpty()) {
            throw new IllegalArgumentException("ketama needs at least one server");
        }
        TreeMap<Long, Integer> ring = new TreeMap<>();
        for (int node = 0; node < nodeKeys.size(); node++) {
            for (int i = 0; i < DIGESTS_PER_NODE; i++) {
                byte[] digest = md5(nodeKeys.get(node) + "-" + i);
                for (int h = 0; h < POINTS_PER_DIGEST; h++) {
                    ring.put(point(digest, h * 4), node);
                }
            }
        }
        points = new long[ring.size()];
        owners = new int[ring.size()];
        int i = 0;
        for (Map.Entry<Long, Integer> e : ring.entrySet()) {
            points[i] = e.getKey();
            owners[i] = e.getValue();
            i++;
        }
    }

    /**
     * Formats a server the way spymemcached's {@code KetamaNodeKeyFormatter} (format SPYMEMCACHED) does.
     *
     * @param address the server's socket address
     * @return e.g. {@code 127.0.0.1:11211} or {@code localhost/127.0.0.1:11211}
     */
    public static String nodeKey(InetSocketAddress address) {
        String key = String.valueOf(address);
        return key.startsWith("/") ? key.substring(1) : key;
    }

    /**
     * Returns the server that owns a key.
     *
     * @param key the key
     * @return the index of the server in the list the ring was built from
     */
    public int nodeFor(String key) {
        return owners[indexFor(hash(key))];
    }

    /** @return the index of the first point at or after the hash, wrapping to 0 */
    private int indexFor(long hash) {
        int low = 0;
        int high = points.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long p = points[mid];
            if (p < hash) {
                low = mid + 1;
            } else if (p > hash) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return low == points.length ? 0 : low;
    }

    /**
     * Hashes a key as {@code KETAMA_HASH} does: the first four bytes of the MD5 of its UTF-8 bytes, little-endian.
     *
     * @param key the key
     * @return an unsigned 32-bit hash
     */
    static long hash(String key) {
        return point(md5(key), 0);
    }

    private static byte[] md5(String text) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long point(byte[] digest, int offset) {
        return ((long) (digest[offset + 3] & 0xFF) << 24)
                | ((long) (digest[offset + 2] & 0xFF) << 16)
                | ((long) (digest[offset + 1] & 0xFF) << 8)
                | (digest[offset] & 0xFF);
    }
}
