package io.memcached4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One meta command ({@code mg}, {@code ms}, {@code md}, {@code ma}, {@code mn}, {@code me}) with
 * its flags, built with the static factories and their {@link Builder}.
 *
 * <pre>{@code
 * MetaResponse r = client.meta(MetaRequest.get("user:1").value().cas().ttl().recacheBelow(30).build());
 * }</pre>
 *
 * <p>The key is validated like any key, unless it is binary: {@link Builder#base64Key} sends it
 * base64-encoded with the {@code b} flag. The value of {@code ms} is not copied.
 *
 * @param command the command
 * @param key the key as sent (base64 text when {@code base64Key}); empty for {@code mn}
 * @param base64Key whether the key is base64 text sent with the {@code b} flag
 * @param flags the flags, in the order they are sent (the {@code b} flag excluded: see {@code base64Key})
 * @param value the data of {@code ms}, null for the other commands
 */
public record MetaRequest(MetaCommand command, String key, boolean base64Key, List<MetaFlag> flags, byte[] value) {
    /**
     * Validates the request.
     *
     * @param command the command
     * @param key the key
     * @param base64Key whether the key is base64
     * @param flags the flags
     * @param value the value
     */
    public MetaRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(key, "key");
        flags = List.copyOf(flags);
        if (command == MetaCommand.NOOP) {
            if (!key.isEmpty()) {
                throw new IllegalArgumentException("mn takes no key");
            }
        } else {
            Keys.requireValid(key);
        }
        if ((command == MetaCommand.SET) != (value != null)) {
            throw new IllegalArgumentException(command == MetaCommand.SET
                    ? "ms needs a value" : command.token() + " takes no value");
        }
        for (MetaFlag f : flags) {
            if (f.flag() == 'b') {
                throw new IllegalArgumentException("use base64Key rather than the 'b' flag");
            }
            if (f.flag() == 'S' && command == MetaCommand.SET) {
                throw new IllegalArgumentException("the data length of ms is set from the value");
            }
        }
    }

    /**
     * Tells whether the request carries the quiet flag {@code q}.
     *
     * @return true when quiet
     */
    public boolean quiet() {
        return hasFlag('q');
    }

    /**
     * Tells whether the request carries a flag.
     *
     * @param flag the letter
     * @return true when present
     */
    public boolean hasFlag(char flag) {
        for (MetaFlag f : flags) {
            if (f.flag() == flag) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts an {@code mg}.
     *
     * @param key the key
     * @return a builder
     */
    public static Builder get(String key) {
        return new Builder(MetaCommand.GET, key, null);
    }

    /**
     * Starts an {@code ms}.
     *
     * @param key the key
     * @param value the value
     * @return a builder
     */
    public static Builder set(String key, byte[] value) {
        return new Builder(MetaCommand.SET, key, Objects.requireNonNull(value, "value"));
    }

    /**
     * Starts an {@code md}.
     *
     * @param key the key
     * @return a builder
     */
    public static Builder delete(String key) {
        return new Builder(MetaCommand.DELETE, key, null);
    }

    /**
     * Starts an {@code ma}.
     *
     * @param key the key
     * @return a builder
     */
    public static Builder arithmetic(String key) {
        return new Builder(MetaCommand.ARITHMETIC, key, null);
    }

    /**
     * Starts an {@code me}.
     *
     * @param key the key
     * @return a builder
     */
    public static Builder debug(String key) {
        return new Builder(MetaCommand.DEBUG, key, null);
    }

    /**
     * An {@code mn}, which a server answers with {@code MN}.
     *
     * @return the request
     */
    public static MetaRequest noop() {
        return new MetaRequest(MetaCommand.NOOP, "", false, List.of(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetaRequest other && command == other.command && key.equals(other.key)
                && base64Key == other.base64Key && flags.equals(other.flags) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, key, base64Key, flags) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MetaRequest[" + command.token() + " " + key + (base64Key ? " b" : "") + " " + flags
                + (value == null ? "" : ", value=" + value.length + " bytes") + "]";
    }

    /** Builds a {@link MetaRequest}; each method adds one flag. */
    public static final class Builder {
        private final MetaCommand command;
        private String key;
        private boolean base64Key;
        private final byte[] value;
        private final List<MetaFlag> flags = new ArrayList<>();

        private Builder(MetaCommand command, String key, byte[] value) {
            this.command = command;
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
        }

        /**
         * Replaces the key with a binary key, sent base64-encoded with the {@code b} flag.
         *
         * @param binaryKey the key bytes, 1 to 187 bytes (250 base64 characters)
         * @return this builder
         */
        public Builder base64Key(byte[] binaryKey) {
            Objects.requireNonNull(binaryKey, "binaryKey");
            if (binaryKey.length == 0) {
                throw new IllegalArgumentException("binary key is empty");
            }
            this.key = Base64.getEncoder().encodeToString(binaryKey);
            this.base64Key = true;
            return this;
        }

        /**
         * Adds any flag.
         *
         * @param flag the letter
         * @return this builder
         */
        public Builder flag(char flag) {
            flags.add(MetaFlag.of(flag));
            return this;
        }

        /**
         * Adds any flag with a token.
         *
         * @param flag the letter
         * @param token the token
         * @return this builder
         */
        public Builder flag(char flag, String token) {
            flags.add(MetaFlag.of(flag, token));
            return this;
        }

        /** @return this builder, with {@code v}: return the value */
        public Builder value() {
            return flag('v');
        }

        /** @return this builder, with {@code c}: return the CAS token */
        public Builder cas() {
            return flag('c');
        }

        /** @return this builder, with {@code f}: return the client flags */
        public Builder clientFlags() {
            return flag('f');
        }

        /** @return this builder, with {@code t}: return the remaining TTL (-1 for none) */
        public Builder ttl() {
            return flag('t');
        }

        /** @return this builder, with {@code k}: return the key */
        public Builder key() {
            return flag('k');
        }

        /** @return this builder, with {@code s}: return the item size */
        public Builder size() {
            return flag('s');
        }

        /** @return this builder, with {@code h}: return whether the item was hit before */
        public Builder hit() {
            return flag('h');
        }

        /** @return this builder, with {@code l}: return seconds since last access */
        public Builder lastAccess() {
            return flag('l');
        }

        /** @return this builder, with {@code u}: do not bump the item in the LRU */
        public Builder noBump() {
            return flag('u');
        }

        /** @return this builder, with {@code q}: quiet mode, no reply for the uninteresting outcome */
        public Builder quiet() {
            return flag('q');
        }

        /** @return this builder, with {@code I}: invalidate (mark stale) rather than delete or overwrite */
        public Builder invalidate() {
            return flag('I');
        }

        /**
         * @param opaque a token the server copies back ({@code O})
         * @return this builder
         */
        public Builder opaque(String opaque) {
            return flag('O', opaque);
        }

        /**
         * @param seconds the TTL to set ({@code T})
         * @return this builder
         */
        public Builder setTtl(int seconds) {
            return flag('T', Integer.toString(seconds));
        }

        /**
         * @param seconds create the item on a miss with this TTL, and win the recache ({@code N})
         * @return this builder
         */
        public Builder vivify(int seconds) {
            return flag('N', Integer.toString(seconds));
        }

        /**
         * @param seconds win the recache when the remaining TTL is below this ({@code R})
         * @return this builder
         */
        public Builder recacheBelow(int seconds) {
            return flag('R', Integer.toString(seconds));
        }

        /**
         * @param cas only act when the item's CAS token equals this ({@code C})
         * @return this builder
         */
        public Builder compareCas(long cas) {
            return flag('C', Long.toUnsignedString(cas));
        }

        /**
         * @param cas the CAS token to give the item when it changes ({@code E}, memcached 1.6.21+)
         * @return this builder
         */
        public Builder newCas(long cas) {
            return flag('E', Long.toUnsignedString(cas));
        }

        /**
         * @param clientFlags the client flags to store ({@code F}, ms)
         * @return this builder
         */
        public Builder setClientFlags(int clientFlags) {
            return flag('F', Integer.toUnsignedString(clientFlags));
        }

        /**
         * @param mode the mode letter ({@code M}): ms E/A/P/R/S, ma I/+/D/-
         * @return this builder
         */
        public Builder mode(char mode) {
            return flag('M', String.valueOf(mode));
        }

        /**
         * @param delta the unsigned delta of ma ({@code D})
         * @return this builder
         */
        public Builder delta(long delta) {
            return flag('D', Long.toUnsignedString(delta));
        }

        /**
         * @param initial the unsigned initial value of ma when it vivifies ({@code J})
         * @return this builder
         */
        public Builder initial(long initial) {
            return flag('J', Long.toUnsignedString(initial));
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public MetaRequest build() {
            return new MetaRequest(command, key, base64Key, flags, value);
        }
    }
}
