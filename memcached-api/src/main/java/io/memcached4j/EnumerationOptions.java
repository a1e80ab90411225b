package io.memcached4j;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link KeyEnumerator} dumps and how. Immutable; made with {@link #builder()}.
 *
 * <p>Defaults: every slab class ({@code lru_crawler metadump all}), no prefix filter, no limit,
 * the crawler left as it is, and no {@code stats cachedump} fallback.
 */
public final class EnumerationOptions {
    private static final EnumerationOptions DEFAULTS = builder().build();

    /** Which items {@code lru_crawler metadump} walks. */
    public enum Scope {
        /** {@code metadump all}: every slab class. */
        ALL,
        /** {@code metadump hash}: walk the hash table (memcached 1.6.13+), a consistent snapshot-like order. */
        HASH,
        /** {@code metadump 1,2,3}: only the chosen slab classes. */
        SLAB_CLASSES
    }

    private final Scope scope;
    private final List<Integer> slabClasses;
    private final String keyPrefix;
    private final long limit;
    private final boolean enableCrawler;
    private final boolean allowCachedumpFallback;

    private EnumerationOptions(Builder b) {
        this.scope = b.scope;
        this.slabClasses = b.slabClasses;
        this.keyPrefix = b.keyPrefix;
        this.limit = b.limit;
        this.enableCrawler = b.enableCrawler;
        this.allowCachedumpFallback = b.allowCachedumpFallback;
    }

    /** @return the defaults */
    public static EnumerationOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the scope */
    public Scope scope() {
        return scope;
    }

    /** @return the slab classes for {@link Scope#SLAB_CLASSES}, empty otherwise */
    public List<Integer> slabClasses() {
        return slabClasses;
    }

    /** @return only keys starting with this are returned; empty for all */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** @return the most keys returned in all, {@link Long#MAX_VALUE} for no limit */
    public long limit() {
        return limit;
    }

    /** @return whether a disabled crawler is switched on with {@code lru_crawler enable} */
    public boolean enableCrawler() {
        return enableCrawler;
    }

    /** @return whether servers older than 1.4.31 are read with {@code stats cachedump} (partial results) */
    public boolean allowCachedumpFallback() {
        return allowCachedumpFallback;
    }

    /** Builds {@link EnumerationOptions}. */
    public static final class Builder {
        private Scope scope = Scope.ALL;
        private List<Integer> slabClasses = List.of();
        private String keyPrefix = "";
        private long limit = Long.MAX_VALUE;
        private boolean enableCrawler;
        private boolean allowCachedumpFallback;

        private Builder() {
        }

        /** @return this builder, dumping every slab class */
        public Builder all() {
            this.scope = Scope.ALL;
            this.slabClasses = List.of();
            return this;
        }

        /** @return this builder, dumping by walking the hash table */
        public Builder hash() {
            this.scope = Scope.HASH;
            this.slabClasses = List.of();
            return this;
        }

        /**
         * @param ids the slab class ids, 1 to 255, at least one
         * @return this builder, dumping only those classes
         */
        public Builder slabClasses(List<Integer> ids) {
            Objects.requireNonNull(ids, "ids");
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("give at least one slab class");
            }
            for (Integer id : ids) {
                if (id == null || id < 1 || id > 255) {
                    throw new IllegalArgumentException("slab class ids are 1 to 255, got " + id);
                }
            }
            this.scope = Scope.SLAB_CLASSES;
            this.slabClasses = List.copyOf(ids);
            return this;
        }

        /**
         * @param prefix only keys starting with this are returned
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param max the most keys returned, at least 1
         * @return this builder
         */
        public Builder limit(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + max);
            }
            this.limit = max;
            return this;
        }

        /**
         * @param enable whether to send {@code lru_crawler enable} to a server whose crawler is off
         * @return this builder
         */
        public Builder enableCrawler(boolean enable) {
            this.enableCrawler = enable;
            return this;
        }

        /**
         * @param allow whether servers older than 1.4.31 are read with {@code stats cachedump}
         * @return this builder
         */
        public Builder allowCachedumpFallback(boolean allow) {
            this.allowCachedumpFallback = allow;
            return this;
        }

        /** @return the options */
        public EnumerationOptions build() {
            return new EnumerationOptions(this);
        }
    }
}
