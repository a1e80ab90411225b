package io.memcached4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A meta reply: its status, the flags the server returned and, for {@code VA}, the value. An
 * immutable value (but for the value's bytes, which are not copied) made by {@link #of}; it may
 * gain properties, so it has no public constructor.
 *
 * <p>For a quiet request ({@code q}) whose outcome the server did not report, the client
 * synthesizes the silent outcome: {@code HD} for a store, delete or arithmetic, {@code EN} for a get.
 */
public final class MetaResponse {
    private final MetaStatus status;
    private final List<MetaFlag> flags;
    private final byte[] value;

    private MetaResponse(MetaStatus status, List<MetaFlag> flags, byte[] value) {
        this.status = Objects.requireNonNull(status, "status");
        this.flags = List.copyOf(flags);
        this.value = value;
    }

    /**
     * Returns a meta reply.
     *
     * @param status the status
     * @param flags the returned flags, in the server's order
     * @param value the value of a {@code VA} reply, null otherwise; not copied
     * @return the reply
     */
    public static MetaResponse of(MetaStatus status, List<MetaFlag> flags, byte[] value) {
        return new MetaResponse(status, flags, value);
    }

    /** @return the status */
    public MetaStatus status() {
        return status;
    }

    /** @return the returned flags, in the server's order */
    public List<MetaFlag> flags() {
        return flags;
    }

    /** @return the value of a {@code VA} reply, null otherwise; not a copy */
    public byte[] value() {
        return value;
    }

    /**
     * Returns the token of a returned flag.
     *
     * @param flag the letter
     * @return the token (empty string for a flag without one), or empty when absent
     */
    public Optional<String> flag(char flag) {
        for (MetaFlag f : flags) {
            if (f.flag() == flag) {
                return Optional.of(f.token());
            }
        }
        return Optional.empty();
    }

    /** @return true for {@code VA} and {@code HD} replies to a get, and for successful stores */
    public boolean isSuccess() {
        return status == MetaStatus.VALUE || status == MetaStatus.HEADER || status == MetaStatus.NOOP
                || status == MetaStatus.DEBUG;
    }

    /** @return true for a miss ({@code EN}) */
    public boolean isMiss() {
        return status == MetaStatus.MISS;
    }

    /** @return the returned CAS token ({@code c}), if any */
    public OptionalLong cas() {
        Optional<String> token = flag('c');
        return token.isPresent() ? OptionalLong.of(Long.parseUnsignedLong(token.get())) : OptionalLong.empty();
    }

    /** @return the returned opaque ({@code O}), if any */
    public Optional<String> opaque() {
        return flag('O');
    }

    /** @return true when this client won the right to recache ({@code W}) */
    public boolean won() {
        return flag('W').isPresent();
    }

    /** @return true when the item is stale ({@code X}) */
    public boolean stale() {
        return flag('X').isPresent();
    }

    /** @return true when another client already won the recache ({@code Z}) */
    public boolean alreadyWon() {
        return flag('Z').isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetaResponse other && status == other.status && flags.equals(other.flags)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, flags) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MetaResponse[" + status.code() + " " + flags
                + (value == null ? "" : ", value=" + value.length + " bytes") + "]";
    }
}
